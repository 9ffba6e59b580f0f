package org.medirelay.assistant.safety;

import java.util.List;
import java.util.Set;
import org.medirelay.assistant.text.Phrases;
import org.medirelay.assistant.text.Phrases.Match;
import org.medirelay.assistant.text.Words;

/**
 * Whether a phrase found in a message is denied ("no chest pain", "I don't have shortness of
 * breath"), hypothetical ("what should I do if I get chest pain"), placed in the past ("a stroke in
 * 2019", "history of seizures", "tablets for my seizures") or over ("it's fine now"), in the manner
 * of NegEx and ConText: a cue opens a scope of a few words that ends early at a clause boundary
 * ("no fever but I can't breathe").
 */
final class Qualifiers {

  /** How many words after a negation cue it still reaches ("no fever, cough or chest pain"). */
  private static final int NEGATION_REACH = 6;

  /** How many words before or after a phrase a time cue may stand ("a stroke three years ago"). */
  private static final int HISTORY_REACH = 4;

  /**
   * How far after a phrase "it's gone now" may stand ("chest pain last week, it's all gone now").
   */
  private static final int RESOLUTION_REACH = 8;

  private static final Set<String> NEGATIONS =
      Set.of(
          "no", "not", "never", "without", "deny", "denie", "denied", "nor", "neither", "none",
          "free");

  /**
   * Words after a cue that turn it into something else: "not sure", "no doubt", "not only", and
   * "not (a) mild pain", which says the pain is worse than mild.
   */
  private static final Set<String> PSEUDO_NEGATION_NEXT =
      Set.of(
          "sure", "certain", "doubt", "only", "idea", "just", "mild", "slight", "minor", "little");

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

  private static final Set<String> HYPOTHETICAL = Set.of("if", "whether", "unless");

  /**
   * Before a phrase: "history of seizures", "tired after a stroke". Not "since": "since the
   * headache came on suddenly" is now.
   */
  private static final Set<String> HISTORY_BEFORE =
      Set.of(
          "history",
          "previous",
          "previously",
          "past",
          "former",
          "after",
          "following",
          "recovering");

  private static final Set<String> PAST_PERIODS = Set.of("year", "month", "week", "decade");

  /** "a stroke in March": a month named after "in" is past (a future one is not a symptom). */
  private static final Set<String> MONTHS =
      Set.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");

  /** "as a child", "when I was a teenager": the phrase is placed in childhood. */
  private static final Set<String> EARLIER_LIFE =
      Set.of("child", "baby", "kid", "teenager", "teen", "toddler", "boy", "girl");

  /** "a while back", "years back": back in time, not the body part. */
  private static final Set<String> BEFORE_BACK =
      Set.of("while", "way", "year", "month", "week", "day", "time");

  /**
   * "for" is a treated condition after these ("tablets for my seizures", "I take X for my fits").
   */
  private static final Set<String> TREATED_BY =
      Set.of(
          "take",
          "taking",
          "took",
          "taken",
          "tablet",
          "pill",
          "medicine",
          "medication",
          "med",
          "drug",
          "treatment",
          "treated",
          "inhaler",
          "spray",
          "injection",
          "prescription",
          "prescribed",
          "cream",
          "therapy",
          "physio");

  /**
   * It is over or long-standing: "it's gone", "fine now", "well controlled", "since my operation".
   */
  private static final Phrases RESOLVED =
      Phrases.of(
          "is recovering",
          "recovering well",
          "has recovered",
          "since my operation",
          "since my surgery",
          "since my op",
          "since my accident",
          "since my injury",
          "since birth",
          "since childhood",
          "since i was a child",
          "is gone",
          "has gone",
          "gone now",
          "went away",
          "gone away",
          "is fine",
          "fine now",
          "is better",
          "better now",
          "all better",
          "cleared up",
          "has resolved",
          "resolved now",
          "is normal",
          "were normal",
          "are normal",
          "was normal",
          "well controlled",
          "under control",
          "has settled",
          "settled now");

  /** "it's gone to my arm": a direction after "gone" means it moved, not that it is over. */
  private static final Set<String> DIRECTIONS =
      Set.of("to", "into", "down", "up", "through", "across", "round", "around");

  private final List<String> tokens;
  private final List<Match> resolutions;

  /**
   * @param tokens the message's stemmed words
   */
  Qualifiers(List<String> tokens) {
    this.tokens = tokens;
    this.resolutions = RESOLVED.find(tokens);
  }

  /** True when a negation cue before the match reaches it. */
  boolean negated(Match match) {
    for (int i = match.start() - 1; i >= 0 && match.start() - i <= NEGATION_REACH; i--) {
      String word = tokens.get(i);
      if (NEGATIONS.contains(word) && !pseudoNegation(i)) {
        return true;
      }
      if (isBoundary(word) && !(word.equals("and") || word.equals("my"))) {
        // "and" and "my" continue a denial ("no chest pain and no ...", "no pain in my chest") but
        // stop nothing before them; other boundaries end the search.
        return false;
      }
    }
    return false;
  }

  /** True when "if", "whether" or "in case" before the match makes it a supposition. */
  boolean hypothetical(Match match) {
    for (int i = match.start() - 1; i >= 0 && match.start() - i <= NEGATION_REACH; i--) {
      String word = tokens.get(i);
      if (Words.isPunctuation(word) || CONTRAST.contains(word)) {
        return false;
      }
      if (HYPOTHETICAL.contains(word)
          || word.equals("case") && i > 0 && tokens.get(i - 1).equals("in")) {
        return true;
      }
    }
    return false;
  }

  /** True when the match is placed in the past, or said to be over, by a cue near it. */
  boolean past(Match match) {
    return historyBefore(match) || historyAfter(match) || resolved(match);
  }

  /**
   * The words that split a message into clauses a sign may not span ("chest fine but bad knee").
   */
  static final Set<String> CONTRAST =
      Set.of("but", "however", "although", "though", "except", "whereas");

  private boolean historyBefore(Match match) {
    for (int i = match.start() - 1; i >= 0 && match.start() - i <= HISTORY_REACH; i--) {
      String word = tokens.get(i);
      if (HISTORY_BEFORE.contains(word)
          || word.equals("used") && at(i + 1).equals("to")
          || word.equals("for") && treatedBefore(i)) {
        return true;
      }
      if (isBoundary(word) && !word.equals("my")) {
        return false;
      }
    }
    return false;
  }

  private boolean historyAfter(Match match) {
    for (int i = match.end(); i < tokens.size() && i - match.end() < HISTORY_REACH; i++) {
      String word = tokens.get(i);
      String before = at(i - 1);
      if (word.equals("ago")
          || word.equals("childhood")
          || isYear(word)
          || word.equals("last") && PAST_PERIODS.contains(at(i + 1))
          || word.equals("in") && MONTHS.contains(at(i + 1))
          || word.equals("back") && BEFORE_BACK.contains(before)
          || EARLIER_LIFE.contains(word)
              && before.equals("a")
              && Set.of("as", "was").contains(at(i - 2))) {
        return true;
      }
      if (isBoundary(word)) {
        return false;
      }
    }
    return false;
  }

  private boolean resolved(Match match) {
    for (Match cue : resolutions) {
      if (cue.start() < match.end() || cue.start() - match.end() > RESOLUTION_REACH) {
        continue;
      }
      boolean sameSentence =
          tokens.subList(match.end(), cue.start()).stream()
              .noneMatch(t -> Words.isPunctuation(t) && !t.equals(","));
      boolean moved = DIRECTIONS.contains(at(cue.end()));
      boolean denied = NEGATIONS.contains(at(cue.start() - 1));
      if (sameSentence && !moved && !denied) {
        return true;
      }
    }
    return false;
  }

  /** Whether a treatment word stands in the three words before "for" at {@code forAt}. */
  private boolean treatedBefore(int forAt) {
    for (int i = forAt - 1; i >= 0 && forAt - i <= 3; i--) {
      if (TREATED_BY.contains(tokens.get(i))) {
        return true;
      }
    }
    return false;
  }

  private boolean pseudoNegation(int cue) {
    if (cue + 1 >= tokens.size()) {
      return true; // a bare trailing "no" denies nothing after it
    }
    String next = tokens.get(cue + 1);
    if (next.equals("a") || next.equals("an")) {
      next = at(cue + 2); // "not a mild pain"
    }
    // "No, I have chest pain": the "no" answers something and denies nothing.
    return PSEUDO_NEGATION_NEXT.contains(next) || next.equals(",") || Words.isPunctuation(next);
  }

  private String at(int i) {
    return i >= 0 && i < tokens.size() ? tokens.get(i) : "";
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
