package org.medirelay.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.heartbeat.HeartbeatReply.RevokedParticipant;
import org.medirelay.medianode.Withdrawals;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The join tokens media nodes must refuse before they expire: those of sessions whose appointment
 * has ended or been cancelled, and those of withdrawn guests. A token is issued only while its
 * appointment is open and its guest invited, so whatever was withdrawn longer ago than a token's
 * lifetime (plus the verifiers' allowance for clock skew) is expired anyway and left out: the lists
 * stay as short as the last JOIN_TOKEN_TTL's cancellations.
 */
@Component
class SessionWithdrawals implements Withdrawals {

  /** More than the media nodes' allowance for clock skew when they check a token's expiry. */
  private static final Duration SKEW = Duration.ofMinutes(1);

  private final MongoOperations mongo;
  private final AppointmentService appointments;
  private final Guests guests;
  private final Duration tokenLifetime;
  private final Clock clock;

  SessionWithdrawals(
      MongoOperations mongo,
      AppointmentService appointments,
      Guests guests,
      JoinLinkSettings settings,
      Clock clock) {
    this.mongo = mongo;
    this.appointments = appointments;
    this.guests = guests;
    this.tokenLifetime = settings.joinTokenTtl().plus(SKEW);
    this.clock = clock;
  }

  @Override
  public List<String> endedSessions() {
    List<String> keys =
        appointments.closedSince(validSince()).stream()
            .map(id -> VideoSession.appointmentKey(false, id))
            .toList();
    if (keys.isEmpty()) {
      return List.of();
    }
    Query sessions = Query.query(Criteria.where("appointmentKey").in(keys));
    sessions.fields().include("_id");
    return mongo.find(sessions, VideoSession.class).stream().map(VideoSession::id).toList();
  }

  @Override
  public List<RevokedParticipant> revokedParticipants() {
    return guests.revokedSince(validSince()).stream()
        .map(guest -> new RevokedParticipant(guest.sessionId(), guest.userId()))
        .toList();
  }

  /** Tokens issued before this instant have expired. */
  private Instant validSince() {
    return clock.instant().minus(tokenLifetime);
  }
}
