package org.medirelay.session;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The video session of one appointment. {@code appointmentKey} ({@code app:<id>} for our
 * appointments, {@code ext:<id>} for a clinic backend's through the integration API) carries a
 * unique index, which makes creation idempotent even when two requests race. {@code mediaNodeId} is
 * null until a live media node exists.
 */
@Document("video_sessions")
public record VideoSession(
    @Id String id,
    @Indexed(unique = true) String appointmentKey,
    String appointmentId,
    String doctorId,
    String patientId,
    String roomName,
    String mediaNodeId,
    Instant createdAt) {

  public static String appointmentKey(boolean external, String appointmentId) {
    return (external ? "ext:" : "app:") + appointmentId;
  }

  /**
   * True for sessions of MediRelay's own appointments (not a clinic backend's through the
   * integration API).
   */
  public boolean ofOwnAppointment() {
    return appointmentKey.startsWith("app:");
  }
}
