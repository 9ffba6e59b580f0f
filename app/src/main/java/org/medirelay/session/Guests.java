package org.medirelay.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.medirelay.problem.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The guests of each session, at most MAX_GUESTS_PER_SESSION of them: every guest takes a place in
 * the call on a media node that other consultations share, so one patient's invitations must not
 * fill it. The consultation's doctor or patient may withdraw an invitation.
 */
@Service
class Guests {

  private final MongoOperations mongo;
  private final Clock clock;
  private final int limit;

  Guests(MongoOperations mongo, Clock clock, GuestSettings settings) {
    this.mongo = mongo;
    this.clock = clock;
    this.limit = settings.maxGuestsPerSession();
  }

  /**
   * Seats a guest, or finds them seated already (a clinic backend asking again for the same
   * person's link); 409 when every seat is taken.
   */
  SessionGuest invite(VideoSession session, String userId, String displayName, String invitedBy) {
    String id = SessionGuest.id(session.id(), userId);
    SessionGuest seated = mongo.findById(id, SessionGuest.class);
    if (seated != null) {
      return stillInvited(seated);
    }
    for (int number = 0; number < limit; number++) {
      SessionGuest guest =
          new SessionGuest(
              id,
              session.id(),
              userId,
              displayName,
              invitedBy,
              clock.instant(),
              SessionGuest.seat(session.id(), number),
              null);
      try {
        return mongo.insert(guest);
      } catch (DuplicateKeyException taken) {
        // The seat is someone else's, or this guest was seated meanwhile (checked below).
      }
    }
    seated = mongo.findById(id, SessionGuest.class);
    if (seated != null) {
      return stillInvited(seated);
    }
    throw ApiException.conflict(
        "This consultation already has "
            + limit
            + (limit == 1 ? " guest" : " guests")
            + ", as many as the clinic allows. Withdraw an invitation to invite someone else.");
  }

  private static SessionGuest stillInvited(SessionGuest guest) {
    if (guest.revoked()) {
      throw new ApiException(
          HttpStatus.GONE, "Gone", "This guest's invitation to the consultation was withdrawn.");
    }
    return guest;
  }

  /** The session's guests whose invitations stand, in the order they were invited. */
  List<SessionGuest> invited(String sessionId) {
    return mongo.find(
        Query.query(Criteria.where("sessionId").is(sessionId).and("revokedAt").is(null))
            .with(Sort.by("invitedAt")),
        SessionGuest.class);
  }

  /**
   * Withdraws a guest's invitation, for good: the join page refuses their link, media nodes close
   * their connection and refuse them, and their seat is free for someone else. 404 for a guest the
   * session never had; withdrawing twice changes nothing.
   */
  void revoke(String sessionId, String userId) {
    String id = SessionGuest.id(sessionId, userId);
    SessionGuest guest = mongo.findById(id, SessionGuest.class);
    if (guest == null) {
      throw ApiException.notFound("This consultation has no guest " + userId + ".");
    }
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(id).and("revokedAt").is(null)),
        new Update().set("revokedAt", clock.instant()).set("seat", SessionGuest.revokedSeat(id)),
        SessionGuest.class);
  }

  /** Whether this person's invitation to the session was withdrawn. */
  boolean isRevoked(String sessionId, String userId) {
    SessionGuest guest = mongo.findById(SessionGuest.id(sessionId, userId), SessionGuest.class);
    return guest != null && guest.revoked();
  }

  /** The guests withdrawn after {@code since}. */
  List<SessionGuest> revokedSince(Instant since) {
    return mongo.find(Query.query(Criteria.where("revokedAt").gt(since)), SessionGuest.class);
  }
}
