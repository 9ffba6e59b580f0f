package org.medirelay.assistant.appointments;

import java.util.List;

/**
 * The patient's own appointments, as the assistant needs them to answer "when is my next
 * appointment". Implemented against the appointment store; the assistant never reads appointments
 * any other way, so it cannot see anybody else's.
 */
public interface PatientAppointments {

  /** The patient's appointments that have not ended and are not cancelled, soonest first. */
  List<UpcomingAppointment> upcoming(String patientId);
}
