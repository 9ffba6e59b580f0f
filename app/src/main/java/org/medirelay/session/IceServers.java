package org.medirelay.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.config.MediRelaySettings;
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

  private final List<String> stunUrls = new ArrayList<>();
  private final List<String> turnUrls = new ArrayList<>();
  private final MediRelaySettings settings;
  private final Clock clock;

  public IceServers(MediRelaySettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (String url : settings.getTurnUrls()) {
      if (url.startsWith("turn:") || url.startsWith("turns:")) {
        turnUrls.add(url);
      } else if (url.startsWith("stun:") || url.startsWith("stuns:")) {
        stunUrls.add(url);
      } else {
        throw new IllegalStateException(
            "TURN_URLS entries must start with turn:, turns: or stun: (got " + url + ")");
      }
    }
    if (!turnUrls.isEmpty() && settings.getTurnSecret().isBlank()) {
      LOG.warn(
          "TURN_URLS has TURN servers but TURN_SECRET is not set: browsers get no TURN credentials");
      turnUrls.clear();
    }
  }

  public List<IceServer> forUser(String userId) {
    List<IceServer> servers = new ArrayList<>();
    if (!stunUrls.isEmpty()) {
      servers.add(new IceServer(List.copyOf(stunUrls), null, null));
    }
    if (!turnUrls.isEmpty()) {
      // The TURN REST username is "expiry:userId", so the id must not carry a colon.
      TurnRestCredential credential =
          TurnRestCredential.issue(
              settings.getTurnSecret(),
              userId.replace(':', '_'),
              clock.instant().plus(settings.getTurnCredentialTtl()));
      servers.add(
          new IceServer(List.copyOf(turnUrls), credential.username(), credential.password()));
    }
    return servers;
  }
}
