package org.medirelay.media.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.JoinRefusedException;
import org.medirelay.media.conference.SignalingPeer;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.token.JoinTokenClaims;

/**
 * A connection's requests that carry a join token ({@code prepare}, {@code join}): the token is
 * checked by the {@link JoinGate} off the event loop (verifying may fetch the app's JWKS), then the
 * request runs, unless the connection went away meanwhile. A refusal closes the connection with its
 * code and reason.
 */
final class VerifiedRequests {

  private static final Logger LOG = Logger.getLogger(VerifiedRequests.class.getName());

  /** What a verified request does; it may refuse. */
  interface Then {
    void run(JoinTokenClaims claims) throws JoinRefusedException;
  }

  private final JoinGate gate;
  private final ExecutorService blocking;
  private final MediaMetrics metrics;
  private final SignalingPeer peer;
  private final BooleanSupplier gone;

  VerifiedRequests(
      JoinGate gate,
      ExecutorService blocking,
      MediaMetrics metrics,
      SignalingPeer peer,
      BooleanSupplier gone) {
    this.gate = gate;
    this.blocking = blocking;
    this.metrics = metrics;
    this.peer = peer;
    this.gone = gone;
  }

  /** Checks {@code message}'s {@code token} for its {@code sessionId}, then runs {@code then}. */
  void submit(JsonNode message, String what, Then then) {
    String token = message.path("token").asText(null);
    String sessionId = message.path("sessionId").asText(null);
    blocking.execute(
        () -> {
          try {
            JoinTokenClaims claims = gate.admit(token, sessionId);
            if (!gone.getAsBoolean()) {
              then.run(claims);
            }
          } catch (JoinGate.Refusal refusal) {
            metrics.tokenRefusals.increment();
            peer.close(refusal.code(), refusal.getMessage());
          } catch (JoinRefusedException e) {
            if (e.getCause() != null) {
              LOG.log(Level.WARNING, what + " failed", e.getCause());
            } else {
              metrics.tokenRefusals.increment();
            }
            peer.close(e.code(), e.getMessage());
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed", e);
            peer.close(CloseCodes.UNAVAILABLE, "The media server could not add you to the call.");
          }
        });
  }
}
