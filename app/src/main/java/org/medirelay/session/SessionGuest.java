package org.medirelay.session;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A guest invited to a session. {@code seat} is what keeps a session within MAX_GUESTS_PER_SESSION
 * guests, however many invitations race: it is {@code sessionId#n} (n below the limit) and carries
 * a unique index, so the store hands each seat to one guest only. Withdrawing the invitation sets
 * {@code revokedAt} and gives the seat up by changing it to {@code revoked:<id>}; it is final.
 *
 * @param id {@code sessionId/userId}: a guest is invited to a session once
 * @param userId the guest's join-token subject: a fresh random id for the app's own guests, the
 *     clinic's user id for the integration API's
 * @param invitedBy the user who invited them; null when a clinic backend did
 * @param revokedAt when the invitation was withdrawn; null while it stands
 */
@Document("session_guests")
record SessionGuest(
    @Id String id,
    String sessionId,
    String userId,
    String displayName,
    String invitedBy,
    Instant invitedAt,
    @Indexed(unique = true) String seat,
    Instant revokedAt) {

  static String id(String sessionId, String userId) {
    return sessionId + "/" + userId;
  }

  static String seat(String sessionId, int number) {
    return sessionId + "#" + number;
  }

  static String revokedSeat(String id) {
    return "revoked:" + id;
  }

  boolean revoked() {
    return revokedAt != null;
  }
}
