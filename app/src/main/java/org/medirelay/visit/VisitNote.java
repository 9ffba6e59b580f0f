package org.medirelay.visit;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The doctor's note on one appointment (its id is the appointment's), which the patient reads once
 * the doctor shares it.
 *
 * @param sharedAt when the doctor shared it with the patient; null while it is the doctor's alone
 */
@Document("visit_notes")
record VisitNote(
    @Id String appointmentId, String text, Instant createdAt, Instant updatedAt, Instant sharedAt) {

  boolean shared() {
    return sharedAt != null;
  }
}
