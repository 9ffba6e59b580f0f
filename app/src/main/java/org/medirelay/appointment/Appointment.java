package org.medirelay.appointment;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A booked consultation. {@code slotKey} is what makes a slot bookable once: it is {@code
 * doctorId@start} while the appointment holds its slot and carries a unique index, so of two
 * concurrent bookings the store accepts exactly one. A cancelled appointment releases the slot by
 * changing its key to {@code released:<id>}. Only a change of status sets {@code updatedAt}, and an
 * ended appointment's status is final, so its {@code updatedAt} says when it ended.
 *
 * @param redFlag the latest red flag the consult assistant raised in the appointment's pre-visit
 *     conversation, or null
 * @param call when its video call took place, once its host ended it; null before, and for an
 *     appointment completed by hand without a call
 * @param cancellation who cancelled it and when; null unless cancelled
 */
@Document("appointments")
@CompoundIndexes({
  @CompoundIndex(name = "patient_start", def = "{'patientId': 1, 'start': 1}"),
  @CompoundIndex(name = "doctor_start", def = "{'doctorId': 1, 'start': 1}"),
  @CompoundIndex(name = "status_updated", def = "{'status': 1, 'updatedAt': 1}"),
  // What changed lately, for the dashboards' event feeds (AppointmentChanges).
  @CompoundIndex(name = "updated", def = "{'updatedAt': 1}"),
  @CompoundIndex(name = "red_flag_at", def = "{'redFlag.at': 1}")
})
public record Appointment(
    @Id String id,
    String doctorId,
    String doctorName,
    String patientId,
    String patientName,
    Instant start,
    Instant end,
    String reason,
    AppointmentStatus status,
    @Indexed(unique = true) String slotKey,
    Instant createdAt,
    Instant updatedAt,
    RaisedRedFlag redFlag,
    CallTimes call,
    Cancellation cancellation) {

  static String slotKey(String doctorId, Instant start) {
    return doctorId + "@" + start.getEpochSecond();
  }

  static String releasedKey(String appointmentId) {
    return "released:" + appointmentId;
  }

  public boolean involves(String userId) {
    return doctorId.equals(userId) || patientId.equals(userId);
  }
}
