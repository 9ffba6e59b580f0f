package org.medirelay.media;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.medirelay.token.JwksKeyCache;

/**
 * Starts media nodes for tests: loopback only, ephemeral UDP and TCP ports, tokens from a {@link
 * TestIssuer}.
 */
final class TestNodes {

  private TestNodes() {}

  static MediaNode start(TestIssuer issuer) throws Exception {
    return start(issuer, Map.of());
  }

  /**
   * A node that registers with {@code app} using {@code secret} (tokens still from {@code issuer}),
   * its environment the test defaults plus {@code extra}.
   */
  static MediaNode startRegistered(
      TestIssuer issuer, FakeApp app, String secret, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.putAll(
        Map.of("APP_URL", app.url(), "TOKEN_ISSUER", issuer.url(), "MEDIA_NODE_SECRET", secret));
    return start(issuer, env);
  }

  /** A node whose environment is the test defaults plus {@code extra}. */
  static MediaNode start(TestIssuer issuer, Map<String, String> extra) throws Exception {
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "MEDIA_NODE_ID", "media-test",
                "MEDIA_UDP_PORT", "0",
                "MEDIA_BIND_ADDRESSES", "127.0.0.1",
                "MEDIA_SIGNALING_HOST", "127.0.0.1",
                "MEDIA_SIGNALING_PORT", "0",
                "APP_URL", issuer.url()));
    env.putAll(extra);
    MediaNodeConfig config = MediaNodeConfig.fromEnvironment(env);
    return new MediaNode(
        config, new JwksKeyCache(issuer::jwks, Clock.systemUTC(), Duration.ofSeconds(1)));
  }
}
