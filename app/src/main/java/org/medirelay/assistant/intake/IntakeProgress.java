package org.medirelay.assistant.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The intake's state between two messages: the step it is at and the answers so far. Immutable and
 * made of plain values, so a conversation stores it as it is and the flow stays a function of
 * (state, message).
 *
 * @param step the question being asked
 * @param attempts how many unusable answers the current question has had
 * @param correcting true while the patient changes one answer from the confirmation step, which
 *     returns there after
 */
public record IntakeProgress(
    IntakeStep step,
    String complaint,
    Onset onset,
    Integer severity,
    List<String> medicines,
    List<String> allergies,
    String goal,
    List<String> questionsForDoctor,
    List<String> redFlags,
    int attempts,
    boolean correcting) {

  public IntakeProgress {
    medicines = medicines == null ? null : List.copyOf(medicines);
    allergies = allergies == null ? null : List.copyOf(allergies);
    questionsForDoctor = questionsForDoctor == null ? List.of() : List.copyOf(questionsForDoctor);
    redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
  }

  /** A new intake at its first question. */
  public static IntakeProgress start() {
    return new IntakeProgress(
        IntakeStep.COMPLAINT, null, null, null, null, null, null, List.of(), List.of(), 0, false);
  }

  public boolean complete() {
    return step == IntakeStep.DONE;
  }

  /** Records a red flag for the doctor's summary; each label once. */
  public IntakeProgress withRedFlag(String label) {
    if (redFlags.contains(label)) {
      return this;
    }
    List<String> flags = new ArrayList<>(redFlags);
    flags.add(label);
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        flags,
        attempts,
        correcting);
  }

  /** Records a medical question the assistant declined, so the doctor sees it. */
  public IntakeProgress withQuestionForDoctor(String question) {
    List<String> questions = new ArrayList<>(questionsForDoctor);
    questions.add(question);
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        medicines,
        allergies,
        goal,
        questions,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress at(IntakeStep next, boolean stillCorrecting) {
    return new IntakeProgress(
        next,
        complaint,
        onset,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        0,
        stillCorrecting);
  }

  IntakeProgress retried() {
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        attempts + 1,
        correcting);
  }

  IntakeProgress withComplaint(String value) {
    return new IntakeProgress(
        step,
        value,
        onset,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress withOnset(Onset value) {
    return new IntakeProgress(
        step,
        complaint,
        value,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress withSeverity(Integer value) {
    return new IntakeProgress(
        step,
        complaint,
        onset,
        value,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress withMedicines(List<String> value) {
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        value,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress withAllergies(List<String> value) {
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        medicines,
        value,
        goal,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeProgress withGoal(String value) {
    return new IntakeProgress(
        step,
        complaint,
        onset,
        severity,
        medicines,
        allergies,
        value,
        questionsForDoctor,
        redFlags,
        attempts,
        correcting);
  }

  IntakeSummary summary(Instant completedAt) {
    return new IntakeSummary(
        complaint,
        onset == null ? null : onset.described(),
        onset == null ? null : onset.approximateStart(),
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        redFlags,
        completedAt);
  }
}
