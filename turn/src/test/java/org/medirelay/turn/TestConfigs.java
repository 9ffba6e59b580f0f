package org.medirelay.turn;

import java.nio.file.Path;
import java.time.Instant;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turncredential.TurnRestCredential;

/** A {@link LoopbackConfig} with TURN REST credentials, and the credentials tests hand out. */
final class TestConfigs {

  static final String REST_SECRET = "a-rest-secret-of-some-length";

  private TestConfigs() {}

  /** UDP only, on loopback, with TURN REST credentials from {@link #REST_SECRET}. */
  static TurnConfig.Builder restOnLoopback(Path dataDir) {
    return LoopbackConfig.builder(dataDir)
        .tcp(false)
        .tls(false)
        .useAuthSecret(true)
        .staticAuthSecret(REST_SECRET);
  }

  /** A credential for {@code userId} valid for an hour. */
  static TurnRestCredential credential(String userId) {
    return TurnRestCredential.issue(REST_SECRET, userId, Instant.now().plusSeconds(3600));
  }
}
