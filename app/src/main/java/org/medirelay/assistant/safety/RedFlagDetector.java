package org.medirelay.assistant.safety;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.assistant.text.Phrases;
import org.medirelay.assistant.text.Phrases.Match;

/**
 * Reads every patient message before anything else does and says whether it describes an emergency.
 * It is deliberately a fixed, reviewable set of rules ({@link RedFlagRules}, one per presentation,
 * each citing the public triage rule it follows) rather than a model: a clinician can read it, and
 * it gives the same answer every time. Typos, case and contractions are tolerated; denied ("no
 * chest pain"), hypothetical ("if I get chest pain"), past ("a stroke in 2019") and resolved ("it's
 * fine now") mentions do not count, except for the presentations whose rule says a past mention
 * counts (suicide, self-harm, overdose), where the assistant would rather answer with a crisis line
 * once too often.
 */
public final class RedFlagDetector {

  /**
   * How many words may stand between the terms of a sign said in one message: "my chest hurts so
   * much" and "the pain in my chest is really bad" are one complaint; "my chest hurts when I cough,
   * and I have a bad cold" is two.
   */
  private static final int MAX_GAP = 6;

  private final RedFlagRules rules;

  public RedFlagDetector(RedFlagRules rules) {
    this.rules = rules;
  }

  /** The detector with the rules shipped with the app. */
  public RedFlagDetector() {
    this(RedFlagRules.builtIn());
  }

  /**
   * Screens one message.
   *
   * @param message the patient's words
   * @param earlier what the patient said earlier in the conversation ({@link Screening#said()});
   *     combined with this message's for signs whose terms may be said apart, but a presentation
   *     those earlier words raised alone is not raised again
   */
  public Screening screen(String message, Set<String> earlier) {
    List<String> tokens = tokens(message);
    Qualifiers qualifiers = new Qualifiers(tokens);
    List<RedFlag> raised = new ArrayList<>();
    Set<String> said = new LinkedHashSet<>();
    for (RedFlag flag : rules.flags()) {
      Affirmed affirmed = new Affirmed(tokens, qualifiers, flag);
      boolean byThisMessage = false;
      boolean combined = false;
      boolean earlierAlone = false;
      for (Sign sign : flag.signs()) {
        if (!sign.acrossMessages()) {
          byThisMessage |= closeTogether(sign.terms(), affirmed, tokens);
          continue;
        }
        boolean now = sign.terms().stream().allMatch(t -> !affirmed.of(t).isEmpty());
        boolean before = sign.terms().stream().allMatch(t -> earlier.contains(t.key()));
        boolean either =
            sign.terms().stream()
                .allMatch(t -> !affirmed.of(t).isEmpty() || earlier.contains(t.key()));
        boolean anyNow = sign.terms().stream().anyMatch(t -> !affirmed.of(t).isEmpty());
        byThisMessage |= now;
        combined |= either && anyNow;
        earlierAlone |= before;
        sign.terms().stream()
            .filter(t -> !affirmed.of(t).isEmpty())
            .forEach(t -> said.add(t.key()));
      }
      if (byThisMessage || combined && !earlierAlone) {
        raised.add(flag);
      }
    }
    return new Screening(raised, said);
  }

  public Screening screen(String message) {
    return screen(message, Set.of());
  }

  /**
   * The message's words as the rules are matched against: known misspellings corrected, stemmed,
   * and a decimal such as "38.5" kept as its whole part, so its point does not end a sentence.
   */
  private List<String> tokens(String message) {
    List<String> stemmed = Phrases.stemmedTokens(rules.spelling().correct(message));
    List<String> tokens = new ArrayList<>(stemmed.size());
    for (int i = 0; i < stemmed.size(); i++) {
      tokens.add(stemmed.get(i));
      if (i + 2 < stemmed.size()
          && isNumber(stemmed.get(i))
          && stemmed.get(i + 1).equals(".")
          && isNumber(stemmed.get(i + 2))) {
        i += 2;
      }
    }
    return tokens;
  }

  /**
   * Whether every term has an affirmed match such that, in order, each is at most {@link #MAX_GAP}
   * words from the one before and no "but" stands between them.
   */
  private static boolean closeTogether(List<Term> terms, Affirmed affirmed, List<String> tokens) {
    List<List<Match>> options = new ArrayList<>();
    for (Term term : terms) {
      List<Match> matches = affirmed.of(term);
      if (matches.isEmpty()) {
        return false;
      }
      options.add(matches);
    }
    return anyCombination(options, 0, new ArrayList<>(), tokens);
  }

  private static boolean anyCombination(
      List<List<Match>> options, int index, List<Match> chosen, List<String> tokens) {
    if (index == options.size()) {
      return close(chosen, tokens);
    }
    for (Match match : options.get(index)) {
      chosen.add(match);
      boolean found = anyCombination(options, index + 1, chosen, tokens);
      chosen.remove(chosen.size() - 1);
      if (found) {
        return true;
      }
    }
    return false;
  }

  private static boolean close(List<Match> chosen, List<String> tokens) {
    List<Match> ordered = new ArrayList<>(chosen);
    ordered.sort((a, b) -> Integer.compare(a.start(), b.start()));
    for (int i = 1; i < ordered.size(); i++) {
      Match before = ordered.get(i - 1);
      Match after = ordered.get(i);
      if (after.start() - before.end() > MAX_GAP) {
        return false;
      }
      for (int t = before.end(); t < after.start(); t++) {
        if (Qualifiers.CONTRAST.contains(tokens.get(t))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isNumber(String token) {
    return !token.isEmpty() && token.chars().allMatch(Character::isDigit);
  }

  /** The matches of each term that count for one presentation, found once per message. */
  private static final class Affirmed {
    private final List<String> tokens;
    private final Qualifiers qualifiers;
    private final RedFlag flag;
    private final Map<String, List<Match>> byTerm = new HashMap<>();
    private List<Match> lookAlikes; // found when a term first matches: most messages match none

    Affirmed(List<String> tokens, Qualifiers qualifiers, RedFlag flag) {
      this.tokens = tokens;
      this.qualifiers = qualifiers;
      this.flag = flag;
    }

    List<Match> of(Term term) {
      return byTerm.computeIfAbsent(
          term.key(), k -> term.phrases().find(tokens).stream().filter(this::counts).toList());
    }

    private boolean counts(Match match) {
      if (lookAlikes == null) {
        lookAlikes = flag.lookAlikes().find(tokens);
      }
      if (lookAlikes.stream().anyMatch(l -> l.start() < match.end() && match.start() < l.end())) {
        return false;
      }
      if (qualifiers.negated(match)) {
        return false;
      }
      return flag.pastCounts() || !qualifiers.hypothetical(match) && !qualifiers.past(match);
    }
  }
}
