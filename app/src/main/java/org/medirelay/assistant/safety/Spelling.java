package org.medirelay.assistant.safety;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medirelay.assistant.text.Words;

/**
 * The spelling knowledge of the red-flag rules: misspellings too far from their word for the typo
 * tolerance ("stroak", "OD'd"), corrected before the words are read, and real words that are never
 * read as a slip of another ("strike" is not "stroke", "worse" is not "worst").
 */
final class Spelling {

  private record Fix(Pattern typed, String meant) {}

  private final List<Fix> fixes = new ArrayList<>();
  private final Set<String> realWords = new HashSet<>();

  /** {@code typed} (one or more words, apostrophes allowed) is to be read as {@code meant}. */
  void fix(String typed, String meant) {
    String words = Pattern.quote(typed.strip()).replace("'", "\\E['’]\\Q");
    // Whole words only: "od" in "odd" or "good" stays.
    Pattern pattern =
        Pattern.compile(
            "(?<![\\p{L}\\p{N}'’])" + words + "(?![\\p{L}\\p{N}'’])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    fixes.add(new Fix(pattern, meant.strip()));
  }

  void realWord(String word) {
    realWords.add(Words.stem(word.strip()));
  }

  /** The stemmed words that only ever match themselves. */
  Set<String> realWords() {
    return Set.copyOf(realWords);
  }

  /** The message with the known misspellings corrected. */
  String correct(String message) {
    String text = message;
    for (Fix fix : fixes) {
      text = fix.typed().matcher(text).replaceAll(Matcher.quoteReplacement(fix.meant()));
    }
    return text;
  }
}
