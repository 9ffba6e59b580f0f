package org.medirelay.session;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.heartbeat.NodeHeartbeat.Presence;
import org.medirelay.medianode.MediaNodeRegistry;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Who of an appointment's doctor and patient is in its video call or waiting for it, as the media
 * nodes report it: a node sends a heartbeat as soon as someone enters or leaves a call or its
 * waiting room (common's {@code NodeHeartbeat.presence}). The dashboards' notice says it ("Dr Ana
 * Silva is in the call", "Your patient is waiting").
 */
@Component
class CallAttendance {

  /** Where one person is: in the call, or in its waiting room until a host lets them in. */
  enum Place {
    IN_CALL("in-call"),
    WAITING("waiting");

    private final String json;

    Place(String json) {
      this.json = json;
    }

    @JsonValue
    String json() {
      return json;
    }
  }

  /**
   * One appointment's call: whether anyone is in its session, and where its doctor and its patient
   * are (null: not there). Guests count for {@code inProgress} only.
   */
  record Attendance(String appointmentId, boolean inProgress, Place doctor, Place patient) {

    static Attendance of(VideoSession session, Set<Seat> present) {
      return new Attendance(
          session.appointmentId(),
          present != null,
          place(present, session.doctorId()),
          place(present, session.patientId()));
    }

    /** In the call wins over waiting: the same person may be in one window and wait in another. */
    private static Place place(Set<Seat> present, String userId) {
      if (present == null) {
        return null;
      }
      if (present.contains(new Seat(userId, false))) {
        return Place.IN_CALL;
      }
      return present.contains(new Seat(userId, true)) ? Place.WAITING : null;
    }
  }

  /** One person on a node for a session: their join token's subject, and whether they wait. */
  record Seat(String userId, boolean waiting) {}

  private final MediaNodeRegistry nodes;
  private final MongoOperations mongo;

  CallAttendance(MediaNodeRegistry nodes, MongoOperations mongo) {
    this.nodes = nodes;
    this.mongo = mongo;
  }

  /**
   * Who is on the live media nodes, by session. A session a node reports busy without saying who is
   * there (a node from before presence was reported) is present with nobody named.
   */
  Map<String, Set<Seat>> present() {
    Map<String, Set<Seat>> bySession = new HashMap<>();
    for (String session : nodes.activeSessions()) {
      bySession.put(session, new HashSet<>());
    }
    for (Presence person : nodes.presence()) {
      bySession
          .computeIfAbsent(person.sessionId(), id -> new HashSet<>())
          .add(new Seat(person.userId(), person.waiting()));
    }
    return bySession;
  }

  /** The calls of these own appointments that someone is in or waiting for, by appointment id. */
  List<Attendance> ofAppointments(Collection<String> appointmentIds) {
    Map<String, Set<Seat>> present = present();
    if (appointmentIds.isEmpty() || present.isEmpty()) {
      return List.of();
    }
    List<String> keys =
        appointmentIds.stream().map(id -> VideoSession.appointmentKey(false, id)).toList();
    return mongo
        .find(Query.query(Criteria.where("appointmentKey").in(keys)), VideoSession.class)
        .stream()
        .filter(session -> present.containsKey(session.id()))
        .map(session -> Attendance.of(session, present.get(session.id())))
        .sorted((a, b) -> a.appointmentId().compareTo(b.appointmentId()))
        .toList();
  }

  /** The sessions whose people differ between two readings of {@link #present()}. */
  static Set<String> changed(Map<String, Set<Seat>> before, Map<String, Set<Seat>> now) {
    Set<String> changed = new HashSet<>(before.keySet());
    changed.addAll(now.keySet());
    changed.removeIf(id -> before.containsKey(id) && before.get(id).equals(now.get(id)));
    return changed;
  }
}
