package org.medirelay.assistant.appointments;

import java.time.Clock;
import java.util.List;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentStatus;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The patient's upcoming appointments, read (never written) from the appointment tier's collection.
 */
@Component
class StoredAppointments implements PatientAppointments {

  private static final int MAX_LISTED = 10;

  private final MongoOperations mongo;
  private final Clock clock;

  StoredAppointments(MongoOperations mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  @Override
  public List<UpcomingAppointment> upcoming(String patientId) {
    Query query =
        Query.query(
                Criteria.where("patientId")
                    .is(patientId)
                    .and("status")
                    .in(
                        AppointmentStatus.REQUESTED,
                        AppointmentStatus.CONFIRMED,
                        AppointmentStatus.IN_PROGRESS)
                    .and("end")
                    .gt(clock.instant()))
            .with(Sort.by("start"))
            .limit(MAX_LISTED);
    return mongo.find(query, Appointment.class).stream()
        .map(a -> new UpcomingAppointment(a.id(), a.start(), a.doctorName(), a.status().json()))
        .toList();
  }
}
