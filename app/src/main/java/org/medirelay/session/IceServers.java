package org.medirelay.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.turncredential.TurnRestCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The iceServers a browser gets (RTCIceServer objects): STUN URLs as they are, TURN URLs with a
 * short-lived TURN REST credential for the user (username {@code expiry:userId}, password
 * base64(HMAC-SHA1(TURN_SECRET, username))), which the TURN server checks with the same secret and
 * no per-user state.
 */
@Component
public class IceServers {

  private static final Logger LOG = LoggerFactory.getLogger(IceServers.class);

  /** One RTCIceServer; {@code username} and {@code credential} are null for STUN. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IceServer(List<String> urls, String username, String credential) {}

  private final List<String> stunUrls;
  private final List<String> turnUrls;
  private final TurnSettings settings;
  private final Clock clock;

  public IceServers(TurnSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.stunUrls = settings.stunServers();
    if (!settings.turnServers().isEmpty() && settings.turnSecret().isBlank()) {
      LOG.warn(
          "TURN_URLS has TURN servers but TURN_SECRET is not set: browsers get no TURN credentials");
      this.turnUrls = List.of();
    } else {
      this.turnUrls = settings.turnServers();
    }
  }

  public List<IceServer> forUser(String userId) {
    List<IceServer> servers = new ArrayList<>();
    if (!stunUrls.isEmpty()) {
      servers.add(new IceServer(stunUrls, null, null));
    }
    if (!turnUrls.isEmpty()) {
      // The TURN REST username is "expiry:userId", so the id must not carry a colon.
      TurnRestCredential credential =
          TurnRestCredential.issue(
              settings.turnSecret(),
              userId.replace(':', '_'),
              clock.instant().plus(settings.turnCredentialTtl()));
      servers.add(new IceServer(turnUrls, credential.username(), credential.password()));
    }
    return servers;
  }
}
