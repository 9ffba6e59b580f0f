package org.medirelay.assistant.safety;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.medirelay.assistant.text.Phrases;
import org.medirelay.assistant.text.Phrases.Match;

/**
 * Reads every patient message before anything else does and says whether it describes an emergency.
 * It is deliberately a fixed, reviewable list of phrases and rules (see {@link Symptom}, {@link
 * RedFlag}) rather than a model: a clinician can read it, and it gives the same answer every time.
 * Typos, case and contractions are tolerated (see {@link Phrases}); denied ("no chest pain") and
 * past ("a stroke in 2019") mentions do not count, except for suicide, self-harm and overdose,
 * where the assistant would rather answer with a crisis line once too often.
 */
public final class RedFlagDetector {

  /**
   * Screens one message.
   *
   * @param message the patient's words
   * @param earlier symptoms the patient affirmed earlier in the conversation; combined with this
   *     message's for the rules that need two symptoms, but a flag that the earlier symptoms raised
   *     alone is not raised again
   */
  public Screening screen(String message, Set<Symptom> earlier) {
    List<String> tokens = Phrases.stemmedTokens(message);
    Set<Symptom> now = EnumSet.noneOf(Symptom.class);
    for (Symptom symptom : Symptom.values()) {
      if (affirmed(symptom, tokens)) {
        now.add(symptom);
      }
    }
    Set<Symptom> before =
        earlier.isEmpty() ? EnumSet.noneOf(Symptom.class) : EnumSet.copyOf(earlier);
    Set<Symptom> together = EnumSet.copyOf(before);
    together.addAll(now);
    Set<RedFlag> flags = EnumSet.noneOf(RedFlag.class);
    for (RedFlag flag : RedFlag.values()) {
      boolean byThisMessage = flag.raisedBy(now);
      boolean newlyCombined = !now.isEmpty() && flag.raisedBy(together) && !flag.raisedBy(before);
      if (byThisMessage || newlyCombined) {
        flags.add(flag);
      }
    }
    return new Screening(flags, now);
  }

  public Screening screen(String message) {
    return screen(message, Set.of());
  }

  private static boolean affirmed(Symptom symptom, List<String> tokens) {
    List<Match> lookAlikes = symptom.lookAlikes().find(tokens);
    for (Match match : symptom.phrases().find(tokens)) {
      if (lookAlikes.stream().anyMatch(l -> overlaps(l, match))) {
        continue;
      }
      if (Qualifiers.negated(tokens, match)) {
        continue;
      }
      if (!symptom.pastTenseCounts() && Qualifiers.past(tokens, match)) {
        continue;
      }
      return true;
    }
    return false;
  }

  private static boolean overlaps(Match a, Match b) {
    return a.start() < b.end() && b.start() < a.end();
  }
}
