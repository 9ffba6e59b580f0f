package org.medirelay.assistant.safety;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the red-flag check found in one message.
 *
 * @param flags the red flags raised (empty when none): any flag means an emergency answer
 * @param symptoms the symptoms the message affirms (not denied, not in the past); the conversation
 *     keeps them so that "chest pain" now and "I can't catch my breath" two messages later still
 *     raise the combined flag
 */
public record Screening(Set<RedFlag> flags, Set<Symptom> symptoms) {

  public Screening {
    // Enum order, so the most serious flag (declared first) is named first, every time.
    flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
    symptoms =
        symptoms.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(symptoms));
  }

  public boolean emergency() {
    return !flags.isEmpty();
  }
}
