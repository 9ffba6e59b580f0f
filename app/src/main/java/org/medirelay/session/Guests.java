package org.medirelay.session;

import java.time.Clock;
import org.medirelay.problem.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.stereotype.Service;

/**
 * The guests of each session, at most MAX_GUESTS_PER_SESSION of them: every guest takes a place in
 * the call on a media node that other consultations share, so one patient's invitations must not
 * fill it.
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
      return seated;
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
              SessionGuest.seat(session.id(), number));
      try {
        return mongo.insert(guest);
      } catch (DuplicateKeyException taken) {
        // The seat is someone else's, or this guest was seated meanwhile (checked below).
      }
    }
    seated = mongo.findById(id, SessionGuest.class);
    if (seated != null) {
      return seated;
    }
    throw ApiException.conflict(
        "This consultation already has "
            + limit
            + (limit == 1 ? " guest" : " guests")
            + ", as many as the clinic allows.");
  }
}
