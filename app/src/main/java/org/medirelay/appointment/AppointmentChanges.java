package org.medirelay.appointment;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.push.EventSource;
import org.medirelay.push.PushEvent;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Tells an appointment's doctor and patient that it changed ({@code appointment:changed}): booked,
 * confirmed, cancelled, completed (by hand or when its host ended the call), or marked with a red
 * flag. Their dashboards then load it again.
 */
@Component
class AppointmentChanges implements EventSource {

  private final MongoOperations mongo;

  AppointmentChanges(MongoOperations mongo) {
    this.mongo = mongo;
  }

  @Override
  public List<PushEvent> changedSince(Instant since) {
    Criteria changed =
        new Criteria()
            .orOperator(
                Criteria.where("updatedAt").gt(since), Criteria.where("redFlag.at").gt(since));
    return mongo.find(Query.query(changed), Appointment.class).stream()
        .map(AppointmentChanges::event)
        .toList();
  }

  private static PushEvent event(Appointment appointment) {
    Instant flagged = appointment.redFlag() == null ? null : appointment.redFlag().at();
    return new PushEvent(
        "appointment:" + appointment.id() + ":" + appointment.updatedAt() + ":" + flagged,
        Set.of(appointment.doctorId(), appointment.patientId()),
        "appointment:changed",
        Map.of("appointmentId", appointment.id(), "status", appointment.status()));
  }
}
