package org.medirelay.appointment;

import java.time.Instant;
import org.medirelay.auth.CurrentUser;

/**
 * An appointment as the API shows it to one user. {@code redFlag} is for the appointment's doctor
 * only (null for anyone else): it is clinical, so an administrator does not see it, and the patient
 * was told what to do when they raised it. {@code call} says when the video call took place, once
 * its host ended it; {@code cancellation} who cancelled it and when.
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
    RaisedRedFlag redFlag,
    CallView call,
    Cancellation cancellation) {

  /** A call's times and its length in seconds. */
  record CallView(Instant start, Instant end, long durationSeconds) {
    static CallView of(CallTimes call) {
      return call == null ? null : new CallView(call.start(), call.end(), call.durationSeconds());
    }
  }

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
        a.doctorId().equals(viewer.id()) ? a.redFlag() : null,
        CallView.of(a.call()),
        a.cancellation());
  }
}
