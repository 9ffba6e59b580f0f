package org.medirelay.appointment;

import java.time.Instant;
import org.medirelay.auth.CurrentUser;

/**
 * An appointment as the API shows it to one user. {@code redFlag} is for the appointment's doctor
 * only (null for anyone else): it is clinical, so an administrator does not see it, and the patient
 * was told what to do when they raised it.
 */
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
    Instant updatedAt,
    RaisedRedFlag redFlag) {

  static AppointmentView of(Appointment a, CurrentUser viewer) {
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
        a.updatedAt(),
        a.doctorId().equals(viewer.id()) ? a.redFlag() : null);
  }
}
