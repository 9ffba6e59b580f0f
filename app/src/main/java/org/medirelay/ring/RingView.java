package org.medirelay.ring;

import java.time.Instant;

/**
 * A ring as the API and the event stream show it to its doctor and patient; {@code id} is the
 * seeds' {@code callId}.
 */
record RingView(
    String id,
    String appointmentId,
    Instant appointmentStart,
    String doctorId,
    String doctorName,
    String patientId,
    String patientName,
    RingState state,
    Instant createdAt,
    Instant expiresAt) {

  static RingView of(Ring ring) {
    return new RingView(
        ring.id(),
        ring.appointmentId(),
        ring.appointmentStart(),
        ring.doctorId(),
        ring.doctorName(),
        ring.patientId(),
        ring.patientName(),
        ring.state(),
        ring.createdAt(),
        ring.expiresAt());
  }
}
