package org.medirelay.chat;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.auth.CurrentUser;
import org.medirelay.clinic.ClinicSettingsService;
import org.medirelay.heartbeat.NodeHeartbeat.ChatLine;
import org.medirelay.medianode.ChatKeeping;
import org.medirelay.session.SessionService;
import org.medirelay.session.VideoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The consults' chat, kept when the clinic keeps chat (an administrator's setting, off by default):
 * media nodes report each message in their heartbeats, and it is kept with the session's
 * appointment. Who reads it: the appointment's doctor and patient (for MediRelay's appointments),
 * the clinic backend (for sessions of the integration API). Administrators do not: it is clinical.
 */
@Service
public class KeptChats implements ChatKeeping {

  private static final Logger LOG = LoggerFactory.getLogger(KeptChats.class);

  private final MongoOperations mongo;
  private final ClinicSettingsService settings;
  private final SessionService sessions;
  private final AppointmentService appointments;

  KeptChats(
      MongoOperations mongo,
      ClinicSettingsService settings,
      SessionService sessions,
      AppointmentService appointments) {
    this.mongo = mongo;
    this.settings = settings;
    this.sessions = sessions;
    this.appointments = appointments;
  }

  @Override
  public boolean keepsChat() {
    return settings.current().keepChat();
  }

  @Override
  public void said(List<ChatLine> lines, String nodeId) {
    // A heartbeat's lines are mostly of a few calls: each session is looked up once.
    Map<String, Optional<VideoSession>> bySession = new HashMap<>();
    for (ChatLine line : lines) {
      VideoSession session =
          bySession.computeIfAbsent(line.sessionId(), sessions::find).orElse(null);
      if (session == null) {
        LOG.warn(
            "media node {} reported chat in session {}, which the app does not know: not kept",
            nodeId,
            line.sessionId());
        continue;
      }
      // Inserted only if absent: a message reported again (its acknowledgement lost) changes
      // nothing.
      mongo.upsert(
          Query.query(Criteria.where("_id").is(line.id())),
          new Update()
              .setOnInsert("sessionId", line.sessionId())
              .setOnInsert("appointmentKey", session.appointmentKey())
              .setOnInsert("userId", line.userId())
              .setOnInsert("displayName", line.displayName())
              .setOnInsert("at", line.at())
              .setOnInsert("text", line.text()),
          KeptChatLine.class);
    }
  }

  /** The chat of one of the user's appointments, oldest first (403 for anyone else). */
  List<KeptChatLine> ofAppointment(CurrentUser user, String appointmentId) {
    appointments.involving(
        user, appointmentId, "Only the appointment's doctor and patient read its chat.");
    return mongo.find(
        Query.query(
                Criteria.where("appointmentKey")
                    .is(VideoSession.appointmentKey(false, appointmentId)))
            .with(Sort.by("at")),
        KeptChatLine.class);
  }

  /**
   * How many messages were kept of each of these (MediRelay's own) appointments' calls, by
   * appointment id (absent: none), for the lists of past consultations.
   */
  public Map<String, Long> countsByAppointment(Collection<String> appointmentIds) {
    Map<String, String> byKey =
        appointmentIds.stream()
            .collect(Collectors.toMap(id -> VideoSession.appointmentKey(false, id), id -> id));
    Query query = Query.query(Criteria.where("appointmentKey").in(byKey.keySet()));
    query.fields().include("appointmentKey");
    return mongo.find(query, KeptChatLine.class).stream()
        .collect(
            Collectors.groupingBy(line -> byKey.get(line.appointmentKey()), Collectors.counting()));
  }

  /** The chat of one session, oldest first: for the clinic backend, of its own sessions. */
  List<KeptChatLine> ofSession(String sessionId) {
    return mongo.find(
        Query.query(Criteria.where("sessionId").is(sessionId)).with(Sort.by("at")),
        KeptChatLine.class);
  }
}
