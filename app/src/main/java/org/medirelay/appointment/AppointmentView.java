package org.medirelay.appointment;

import java.time.Instant;

/** An appointment as the API shows it. */
record AppointmentView(
    String id,
    String doctorId,
    String doctorName,
    String patientId,
    String patientName,
    Instant start,
    Instant end,
    String reason,
    AppointmentStatus status,
    Instant createdAt,
    Instant updatedAt) {

  static AppointmentView of(Appointment a) {
    return new AppointmentView(
        a.id(),
        a.doctorId(),
        a.doctorName(),
        a.patientId(),
        a.patientName(),
        a.start(),
        a.end(),
        a.reason(),
        a.status(),
        a.createdAt(),
        a.updatedAt());
  }
}
