package org.medirelay.media.signaling;

import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.ops.Drain;
import org.medirelay.media.ops.EndedCalls;
import org.medirelay.media.ops.NodeLoad;
import org.medirelay.media.ops.Withdrawals;
import org.medirelay.token.Grant;
import org.medirelay.token.InvalidJoinTokenException;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokenVerifier;

/**
 * Decides whether a join request may enter: the token must verify (signature by the app's JWKS,
 * issuer, audience, time, session), name this node in its {@code node} claim, carry at least one
 * media grant, not be withdrawn by the app (an ended consultation, a withdrawn guest) nor ended by
 * a host here, and the node must have room.
 */
public final class JoinGate {

  /** A refusal: the close code and a reason the page shows. */
  public static final class Refusal extends Exception {
    private final int code;

    Refusal(int code, String reason) {
      super(reason);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  private final JoinTokenVerifier verifier;
  private final String nodeId;
  private final int capacity;
  private final NodeLoad load;
  private final Drain drain;
  private final Withdrawals withdrawals;
  private final EndedCalls endedCalls;

  public JoinGate(
      JoinTokenVerifier verifier,
      String nodeId,
      int capacity,
      NodeLoad load,
      Drain drain,
      Withdrawals withdrawals,
      EndedCalls endedCalls) {
    this.verifier = verifier;
    this.nodeId = nodeId;
    this.capacity = capacity;
    this.load = load;
    this.drain = drain;
    this.withdrawals = withdrawals;
    this.endedCalls = endedCalls;
  }

  public JoinTokenClaims admit(String token, String sessionId) throws Refusal {
    if (sessionId == null || sessionId.isBlank()) {
      throw new Refusal(CloseCodes.BAD_MESSAGE, "The join request names no session.");
    }
    JoinTokenClaims claims;
    try {
      claims = verifier.verify(token, sessionId);
    } catch (InvalidJoinTokenException e) {
      throw new Refusal(CloseCodes.TOKEN_REFUSED, e.reason().userMessage());
    }
    // The app names the node in every token it hands a node; one that names none (a link issued
    // while no node was live) would otherwise open the session on whichever node it reached.
    if (claims.mediaNode().isEmpty()) {
      throw new Refusal(
          CloseCodes.FORBIDDEN,
          "This join link does not name a media server. Open the link again.");
    }
    if (!claims.mediaNode().equals(nodeId)) {
      throw new Refusal(
          CloseCodes.FORBIDDEN, "This join link is for another media server. Open the link again.");
    }
    if (!claims.allows(Grant.PUBLISH) && !claims.allows(Grant.SUBSCRIBE)) {
      throw new Refusal(
          CloseCodes.FORBIDDEN, "This join link does not allow taking part in the call.");
    }
    String withdrawn = withdrawals.refusal(sessionId, claims.userId()).orElse(null);
    if (withdrawn != null) {
      throw new Refusal(CloseCodes.GONE, withdrawn);
    }
    // A call a host ended here: before the app's next heartbeat reply withdraws it, or without an
    // app.
    if (endedCalls.ended(sessionId)) {
      throw new Refusal(CloseCodes.GONE, Withdrawals.CALL_ENDED);
    }
    if (drain.isDraining() && !load.hosts(sessionId)) {
      // The app places this session elsewhere from now on; opening the link again leads there.
      throw new Refusal(
          CloseCodes.UNAVAILABLE,
          "This media server is being taken out of service. Open the link again to continue.");
    }
    if (load.participantCount() >= capacity) {
      throw new Refusal(
          CloseCodes.UNAVAILABLE, "The media server is full. Please try again in a minute.");
    }
    return claims;
  }
}
