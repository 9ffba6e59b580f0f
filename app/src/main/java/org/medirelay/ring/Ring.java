package org.medirelay.ring;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A doctor ringing the patient of one of their appointments, kept in the store so that every app
 * instance sees it (the patient's page may be connected to another one than the doctor's). {@code
 * ringingKey} is the patient's id while the ring rings and carries a unique index, so a patient is
 * rung by one doctor at a time even when two ring at once through two instances; a ring that ended
 * releases it ({@code ended:<id>}). {@code updatedAt} is set with every change of state, for the
 * instances' event feeds.
 */
@Document("rings")
@CompoundIndexes({
  @CompoundIndex(name = "state_expires", def = "{'state': 1, 'expiresAt': 1}"),
  @CompoundIndex(name = "patient_created", def = "{'patientId': 1, 'createdAt': -1}"),
  @CompoundIndex(name = "doctor_created", def = "{'doctorId': 1, 'createdAt': -1}")
})
record Ring(
    @Id String id,
    String appointmentId,
    Instant appointmentStart,
    String doctorId,
    String doctorName,
    String patientId,
    String patientName,
    RingState state,
    @Indexed(unique = true) String ringingKey,
    Instant createdAt,
    Instant expiresAt,
    @Indexed Instant updatedAt) {

  static String endedKey(String ringId) {
    return "ended:" + ringId;
  }

  boolean involves(String userId) {
    return doctorId.equals(userId) || patientId.equals(userId);
  }
}
