package org.medirelay.assistant.safety;

import java.util.List;
import java.util.Set;
import org.medirelay.assistant.text.Phrases.Match;
import org.medirelay.assistant.text.Words;

/**
 * Whether a phrase found in a message is denied ("no chest pain", "I don't have shortness of
 * breath") or placed in the past ("a stroke in 2019", "history of seizures", "tablets for my
 * seizures"), in the manner of NegEx: a cue opens a scope of a few words that ends early at a
 * clause boundary ("no fever but I can't breathe").
 */
final class Qualifiers {

  /** How many words after a negation cue it still reaches ("no fever, cough or chest pain"). */
  private static final int NEGATION_REACH = 6;

  /** How many words before or after a phrase a time cue may stand ("a stroke three years ago"). */
  private static final int HISTORY_REACH = 4;

  private static final Set<String> NEGATIONS =
      Set.of(
          "no", "not", "never", "without", "deny", "denie", "denied", "nor", "neither", "none",
          "free");

  /**
   * Words after a cue that turn it into something else: "not sure", "no doubt", "not only", "no
   * idea".
   */
  private static final Set<String> PSEUDO_NEGATION_NEXT =
      Set.of("sure", "certain", "doubt", "only", "idea", "just");

  /** Clause boundaries: a cue does not reach past them. */
  private static final Set<String> BOUNDARIES =
      Set.of(
          "but",
          "however",
          "although",
          "though",
          "yet",
          "except",
          "still",
          "now",
          "i",
          "he",
          "she",
          "they",
          "we",
          "my",
          "his",
          "her",
          "their",
          "suddenly",
          "then",
          "and");

  private static final Set<String> HISTORY_BEFORE =
      Set.of("history", "previous", "previously", "past", "former");
  private static final Set<String> HISTORY_AFTER =
      Set.of("ago", "back", "childhood", "child", "baby");
  private static final Set<String> PAST_PERIODS = Set.of("year", "month", "week", "decade");

  private Qualifiers() {}

  /** True when a negation cue before the match reaches it. */
  static boolean negated(List<String> tokens, Match match) {
    for (int i = match.start() - 1; i >= 0 && match.start() - i <= NEGATION_REACH; i--) {
      String word = tokens.get(i);
      if (NEGATIONS.contains(word) && !pseudoNegation(tokens, i)) {
        return true;
      }
      if (isBoundary(word) && !(word.equals("and") || word.equals("my"))) {
        // "and" and "my" continue a denial ("no chest pain and no ...", "no pain in my chest") but
        // stop nothing
        // before them; other boundaries end the search.
        return false;
      }
    }
    return false;
  }

  /** True when the match is placed in the past by a cue just before or just after it. */
  static boolean past(List<String> tokens, Match match) {
    for (int i = match.start() - 1; i >= 0 && match.start() - i <= HISTORY_REACH; i--) {
      String word = tokens.get(i);
      // "tablets for my seizures" is a treated condition; "for" further away ("for help, chest
      // pain") is not.
      if (HISTORY_BEFORE.contains(word) || word.equals("for") && match.start() - i <= 2) {
        return true;
      }
      if (isBoundary(word) && !word.equals("my")) {
        break;
      }
    }
    for (int i = match.end(); i < tokens.size() && i - match.end() < HISTORY_REACH; i++) {
      String word = tokens.get(i);
      if (HISTORY_AFTER.contains(word) || isYear(word)) {
        return true;
      }
      if (word.equals("last")
          && i + 1 < tokens.size()
          && PAST_PERIODS.contains(tokens.get(i + 1))) {
        return true;
      }
      if (isBoundary(word)) {
        break;
      }
    }
    return false;
  }

  private static boolean pseudoNegation(List<String> tokens, int cue) {
    if (cue + 1 >= tokens.size()) {
      return true; // a bare trailing "no" denies nothing after it
    }
    String next = tokens.get(cue + 1);
    // "No, I have chest pain": the "no" answers something and denies nothing.
    return PSEUDO_NEGATION_NEXT.contains(next) || next.equals(",") || Words.isPunctuation(next);
  }

  private static boolean isBoundary(String word) {
    return Words.isPunctuation(word) && !word.equals(",") || BOUNDARIES.contains(word);
  }

  private static boolean isYear(String word) {
    return word.length() == 4
        && (word.startsWith("19") || word.startsWith("20"))
        && word.chars().allMatch(Character::isDigit);
  }
}
