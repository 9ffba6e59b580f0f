package org.medirelay.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.medirelay.push.EventSource;
import org.medirelay.push.PushEvent;
import org.medirelay.session.CallAttendance.Attendance;
import org.medirelay.session.CallAttendance.Seat;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Tells an appointment's doctor and patient who is in its call ({@code calls:changed}: its data is
 * an {@link Attendance}: {@code appointmentId}, {@code inProgress}, {@code doctor} and {@code
 * patient}, each {@code in-call}, {@code waiting} or null), whenever someone enters or leaves its
 * session or waiting room, as the media nodes' heartbeats report, for the dashboard's notice. Each
 * instance compares who is there with what it saw at its previous tick.
 */
@Component
class CallChanges implements EventSource {

  private final CallAttendance attendance;
  private final MongoOperations mongo;
  private final AtomicLong generation = new AtomicLong();
  private Map<String, Set<Seat>> seen = Map.of();

  CallChanges(CallAttendance attendance, MongoOperations mongo) {
    this.attendance = attendance;
    this.mongo = mongo;
  }

  @Override
  public synchronized List<PushEvent> changedSince(Instant since) {
    Map<String, Set<Seat>> present = attendance.present();
    Set<String> changed = CallAttendance.changed(seen, present);
    seen = present;
    if (changed.isEmpty()) {
      return List.of();
    }
    long tick = generation.incrementAndGet();
    return mongo.find(Query.query(Criteria.where("_id").in(changed)), VideoSession.class).stream()
        .filter(VideoSession::ofOwnAppointment)
        .map(
            session ->
                new PushEvent(
                    "calls:" + session.id() + ":" + tick,
                    Set.of(session.doctorId(), session.patientId()),
                    "calls:changed",
                    Attendance.of(session, present.get(session.id()))))
        .toList();
  }
}
