package org.medirelay.assistant.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the assistant reads a patient's words: one tokenizer, one stemmer and one typo-tolerant
 * comparison shared by the red-flag detector, the intake flow and the help search, so "Can't
 * breathe", "cant breathe" and "cannot breath" are the same thing everywhere.
 */
public final class Words {

  /**
   * Sentence punctuation is kept as tokens because it ends a negation's scope ("No fever. Chest
   * pain.").
   */
  private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+|[.;!?,]");

  private static final Pattern APOSTROPHES = Pattern.compile("['’‘`´]");
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  /** Contractions written without their apostrophe, mapped to one spelling the phrase lists use. */
  private static final Map<String, String> SPELLINGS =
      Map.ofEntries(
          Map.entry("cant", "cannot"),
          Map.entry("couldnt", "cannot"),
          Map.entry("im", "i"),
          Map.entry("ive", "i"),
          Map.entry("dont", "do not"),
          Map.entry("doesnt", "does not"),
          Map.entry("didnt", "did not"),
          Map.entry("isnt", "is not"),
          Map.entry("arent", "are not"),
          Map.entry("wasnt", "was not"),
          Map.entry("havent", "have not"),
          Map.entry("hasnt", "has not"),
          Map.entry("wont", "will not"),
          Map.entry("wouldnt", "would not"),
          Map.entry("shouldnt", "should not"),
          Map.entry("its", "it is"),
          Map.entry("thats", "that is"),
          Map.entry("whats", "what is"));

  private Words() {}

  /**
   * Lower-case tokens without accents or apostrophes; contractions spelled out ("don't" becomes
   * "do", "not"; "can't" and "can not" become "cannot"); {@code . , ; ! ?} kept as tokens of their
   * own.
   */
  public static List<String> tokens(String text) {
    String plain =
        COMBINING_MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
    plain = APOSTROPHES.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("");
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(plain);
    while (m.find()) {
      String word = m.group();
      String spelled = SPELLINGS.get(word);
      if (spelled != null) {
        for (String part : spelled.split(" ")) {
          out.add(part);
        }
      } else if (word.equals("not") && !out.isEmpty() && out.get(out.size() - 1).equals("can")) {
        out.set(out.size() - 1, "cannot");
      } else {
        out.add(word);
      }
    }
    return out;
  }

  /**
   * The message's words ({@link #tokens}) without punctuation, single-spaced: "Yes, please!" is
   * "yes please".
   */
  public static String plain(String text) {
    return String.join(" ", tokens(text).stream().filter(t -> !isPunctuation(t)).toList());
  }

  /** True for the punctuation tokens {@link #tokens} keeps. */
  public static boolean isPunctuation(String token) {
    return token.length() == 1 && ".;!?,".indexOf(token.charAt(0)) >= 0;
  }

  /**
   * A light plural/verb stemmer: enough that "pains", "allergies", "seizures" match "pain",
   * "allergy", "seizure".
   */
  public static String stem(String token) {
    int n = token.length();
    if (n > 4 && token.endsWith("ies")) {
      return token.substring(0, n - 3) + "y";
    }
    if (n > 3
        && token.endsWith("s")
        && !token.endsWith("ss")
        && !token.endsWith("us")
        && !token.endsWith("is")) {
      return token.substring(0, n - 1);
    }
    return token;
  }

  /**
   * Whether a patient's (stemmed) word is meant to be a known (stemmed) word: equal, or one typing
   * slip away for words of five letters or more, two for nine or more. The first letter must agree,
   * which keeps "pleading" from matching "bleeding" while still catching "breathign" and "chets".
   */
  public static boolean similar(String typed, String known) {
    if (typed.equals(known)) {
      return true;
    }
    int len = known.length();
    if (len < 5
        || typed.isEmpty()
        || typed.charAt(0) != known.charAt(0)
        || Character.isDigit(known.charAt(0))) {
      return false;
    }
    int allowed = len >= 9 ? 2 : 1;
    return Math.abs(typed.length() - len) <= allowed && editDistance(typed, known) <= allowed;
  }

  /**
   * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours
   * each cost one.
   */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
