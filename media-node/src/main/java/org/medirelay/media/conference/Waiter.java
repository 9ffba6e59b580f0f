package org.medirelay.media.conference;

import java.time.Instant;
import org.medirelay.token.JoinTokenClaims;

/**
 * A person in a session's waiting room: their join token was verified, but it lacks the {@code
 * admit} grant and no host has let them in yet, or a host removed them from the call. A waiter has
 * no media transport, so the node can neither forward anything of theirs nor send them anything but
 * signaling; a host's {@code admit} makes a {@link Participant} of them under the same id.
 */
public final class Waiter {

  private final String id;
  private final JoinTokenClaims claims;
  private final SignalingPeer peer;
  private final Conference conference;
  private final Instant since = Instant.now();
  private final boolean removed;

  /** The media transport their page prepared before joining, taken over when let in; or null. */
  private final Participant prepared;

  /**
   * @param removed a host removed them from this call earlier: they wait whatever their token
   *     grants, and a host's page lets them in only when asked again
   * @param prepared the transport their page prepared ({@link Conferences#prepare}), or null
   */
  Waiter(
      String id,
      JoinTokenClaims claims,
      SignalingPeer peer,
      Conference conference,
      boolean removed,
      Participant prepared) {
    this.id = id;
    this.claims = claims;
    this.peer = peer;
    this.conference = conference;
    this.removed = removed;
    this.prepared = prepared;
  }

  /** The name others see: the token's, or {@code Guest} when it has none. */
  static String displayName(JoinTokenClaims claims) {
    return claims.displayName().isBlank() ? "Guest" : claims.displayName();
  }

  String id() {
    return id;
  }

  String userId() {
    return claims.userId();
  }

  String displayName() {
    return displayName(claims);
  }

  String role() {
    return claims.role().claimValue();
  }

  JoinTokenClaims claims() {
    return claims;
  }

  SignalingPeer peer() {
    return peer;
  }

  Conference conference() {
    return conference;
  }

  boolean removed() {
    return removed;
  }

  /** The transport their page prepared, or null. */
  Participant prepared() {
    return prepared;
  }

  /** They will not enter the call: the transport their page prepared closes. */
  void discard() {
    if (prepared != null) {
      prepared.close();
    }
  }

  /** When they started waiting, for the host's list. */
  Instant since() {
    return since;
  }
}
