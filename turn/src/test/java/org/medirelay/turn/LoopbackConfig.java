package org.medirelay.turn;

import java.net.InetAddress;
import java.nio.file.Path;
import org.medirelay.turn.config.TurnConfig;

/**
 * What every server test starts from: listening on loopback at ports the system picks (so tests can
 * run side by side), relaying from loopback; a test adds its transports, users and limits.
 */
final class LoopbackConfig {

  private LoopbackConfig() {}

  static TurnConfig.Builder builder(Path dataDir) {
    return TurnConfig.builder()
        .listeningIp(InetAddress.getLoopbackAddress())
        .listeningPort(0)
        .relayIp(InetAddress.getLoopbackAddress())
        .portRange(40000, 60000)
        .dataDir(dataDir);
  }
}
