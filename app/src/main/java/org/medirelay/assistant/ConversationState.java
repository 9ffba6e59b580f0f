package org.medirelay.assistant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.medirelay.assistant.intake.IntakeProgress;
import org.medirelay.assistant.intake.IntakeSummary;

/**
 * What the assistant remembers about a conversation between two messages. Plain values, stored with
 * the conversation.
 *
 * @param intake the pre-visit intake, or null for a conversation without an appointment
 * @param summary the intake's latest confirmed summary, or null
 * @param symptoms what the patient affirmed so far of the red-flag rules' terms that combine across
 *     messages, as the rules write them ("{chest-pain}")
 * @param redFlags labels of the red flags raised so far
 */
public record ConversationState(
    IntakeProgress intake, IntakeSummary summary, Set<String> symptoms, List<String> redFlags) {

  public ConversationState {
    symptoms = symptoms == null ? Set.of() : Set.copyOf(symptoms);
    redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
  }

  public static ConversationState withoutIntake() {
    return new ConversationState(null, null, Set.of(), List.of());
  }

  public boolean intakeInProgress() {
    return intake != null && !intake.complete();
  }

  ConversationState withIntake(IntakeProgress progress, IntakeSummary latest) {
    return new ConversationState(progress, latest, symptoms, redFlags);
  }

  ConversationState withScreening(Set<String> affirmed, List<String> newFlags) {
    Set<String> all = new LinkedHashSet<>();
    all.addAll(symptoms);
    all.addAll(affirmed);
    List<String> flags = new ArrayList<>(redFlags);
    IntakeProgress progress = intake;
    IntakeSummary latest = summary;
    for (String flag : newFlags) {
      if (!flags.contains(flag)) {
        flags.add(flag);
      }
      progress = progress == null ? null : progress.withRedFlag(flag);
      latest = latest == null ? null : latest.withRedFlag(flag);
    }
    return new ConversationState(progress, latest, all, flags);
  }
}
