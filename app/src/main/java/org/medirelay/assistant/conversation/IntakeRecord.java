package org.medirelay.assistant.conversation;

import java.time.Instant;
import java.util.List;
import org.medirelay.assistant.intake.IntakeSummary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The intake of one appointment, kept beside the appointment (keyed by its id) rather than inside
 * it, so the appointment tier's documents stay theirs. Written on every turn of the appointment's
 * conversation, so the doctor also sees red flags raised before the patient finished.
 *
 * @param id the appointment id
 * @param status "in-progress" or "complete"
 * @param summary the confirmed summary, null until the patient confirmed it
 * @param redFlags red flags raised in the conversation (the patient was sent to emergency care)
 */
@Document("intake_summaries")
record IntakeRecord(
    @Id String id,
    String patientId,
    String doctorId,
    String conversationId,
    String status,
    IntakeSummary summary,
    List<String> redFlags,
    Instant updatedAt) {}
