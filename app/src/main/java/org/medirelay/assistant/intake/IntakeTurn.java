package org.medirelay.assistant.intake;

/**
 * One step of the intake: the new state, what to tell the patient, and the summary when this step
 * completed it.
 *
 * @param completed the confirmed summary, or null while the intake goes on
 */
public record IntakeTurn(IntakeProgress progress, String reply, IntakeSummary completed) {}
