package org.medirelay.assistant.intake;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The structured result of the pre-visit intake, as the doctor reads it before and during the
 * consult. Absent answers are null (the patient skipped the question); an empty medicine or allergy
 * list means the patient said "none".
 *
 * @param mainComplaint the problem in the patient's words
 * @param onset when it started, in the patient's words
 * @param onsetDate the date that works out to, when it does
 * @param severity 0 (not at all) to 10 (worst imaginable), or null
 * @param medicines what the patient takes now, or null when skipped
 * @param allergies known allergies, or null when skipped
 * @param goal what the patient wants from the visit
 * @param questionsForDoctor medical questions the assistant declined to answer, for the doctor
 * @param redFlags red flags raised in the conversation (the patient was sent to emergency care)
 * @param completedAt when the patient confirmed the summary
 */
public record IntakeSummary(
    String mainComplaint,
    String onset,
    LocalDate onsetDate,
    Integer severity,
    List<String> medicines,
    List<String> allergies,
    String goal,
    List<String> questionsForDoctor,
    List<String> redFlags,
    Instant completedAt) {

  public IntakeSummary {
    medicines = medicines == null ? null : List.copyOf(medicines);
    allergies = allergies == null ? null : List.copyOf(allergies);
    questionsForDoctor = questionsForDoctor == null ? List.of() : List.copyOf(questionsForDoctor);
    redFlags = redFlags == null ? List.of() : List.copyOf(redFlags);
  }

  /** The same summary with one more red flag; each label once. */
  public IntakeSummary withRedFlag(String label) {
    if (redFlags.contains(label)) {
      return this;
    }
    List<String> flags = new ArrayList<>(redFlags);
    flags.add(label);
    return new IntakeSummary(
        mainComplaint,
        onset,
        onsetDate,
        severity,
        medicines,
        allergies,
        goal,
        questionsForDoctor,
        flags,
        completedAt);
  }

  /**
   * The summary as plain text, the way the patient confirms it and a doctor can paste it into
   * notes.
   */
  public String asText() {
    StringBuilder text = new StringBuilder();
    line(text, "Main problem", orNotAnswered(mainComplaint));
    line(
        text,
        "Started",
        onset == null
            ? "not answered"
            : onsetDate == null ? onset : onset + " (around " + onsetDate + ")");
    line(
        text,
        "How much it bothers them (0-10)",
        severity == null ? "not answered" : severity + "/10");
    line(text, "Current medicines", list(medicines));
    line(text, "Allergies", list(allergies));
    line(text, "Wants from the visit", orNotAnswered(goal));
    if (!questionsForDoctor.isEmpty()) {
      line(text, "Questions for the doctor", String.join("; ", questionsForDoctor));
    }
    if (!redFlags.isEmpty()) {
      line(
          text,
          "RED FLAGS raised (patient told to seek emergency care)",
          String.join("; ", redFlags));
    }
    return text.toString().stripTrailing();
  }

  private static void line(StringBuilder text, String label, String value) {
    text.append("- ").append(label).append(": ").append(value).append('\n');
  }

  private static String list(List<String> items) {
    return items == null ? "not answered" : items.isEmpty() ? "none" : String.join(", ", items);
  }

  private static String orNotAnswered(String s) {
    return s == null ? "not answered" : s;
  }
}
