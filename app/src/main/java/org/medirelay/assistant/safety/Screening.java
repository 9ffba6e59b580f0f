package org.medirelay.assistant.safety;

import java.util.Set;

/**
 * What the red-flag check found in one message.
 *
 * @param flags the red flags raised (empty when none): any flag means an emergency answer
 * @param symptoms the symptoms the message affirms (not denied, not in the past); the conversation keeps them so that
 *     "chest pain" now and "I can't catch my breath" two messages later still raise the combined flag
 */
public record Screening(Set<RedFlag> flags, Set<Symptom> symptoms) {

  public Screening {
    flags = Set.copyOf(flags);
    symptoms = Set.copyOf(symptoms);
  }

  public boolean emergency() {
    return !flags.isEmpty();
  }
}
