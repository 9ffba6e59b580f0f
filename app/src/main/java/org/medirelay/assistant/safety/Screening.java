package org.medirelay.assistant.safety;

import java.util.List;
import java.util.Set;

/**
 * What the red-flag check found in one message.
 *
 * @param flags the presentations raised, in the order of the rules (empty when none): any flag
 *     means an emergency answer
 * @param said the terms of "together" signs the message affirms (not denied, not in the past); the
 *     conversation keeps them so that "chest pain" now and "I can't catch my breath" two messages
 *     later still raise the combined flag
 */
public record Screening(List<RedFlag> flags, Set<String> said) {

  public Screening {
    flags = List.copyOf(flags);
    said = Set.copyOf(said);
  }

  public boolean emergency() {
    return !flags.isEmpty();
  }

  /** The raised presentations as the doctor reads them. */
  public List<String> labels() {
    return flags.stream().map(RedFlag::label).toList();
  }
}
