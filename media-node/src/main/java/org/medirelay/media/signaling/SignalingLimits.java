package org.medirelay.media.signaling;

/**
 * How long a signaling connection may take for each step, and how many may be open: what keeps
 * connections that never finish (slowloris) from taking the node's file descriptors and threads.
 *
 * @param idleSeconds a connection that sends nothing (not even the pong a browser returns to the
 *     pings sent every third of this) for this long is closed
 * @param upgradeSeconds from accepting the connection to a completed WebSocket upgrade (TLS, the
 *     HTTP request headers, the handshake); a plain HTTP request is answered well within it
 * @param joinSeconds from the upgrade to the join message (else 4408)
 * @param maxConnections open connections in all; beyond it, new ones are closed at once
 * @param maxConnectionsPerAddress open connections from one source address
 */
public record SignalingLimits(
    int idleSeconds,
    int upgradeSeconds,
    int joinSeconds,
    int maxConnections,
    int maxConnectionsPerAddress) {

  public SignalingLimits {
    if (idleSeconds < 1
        || upgradeSeconds < 1
        || joinSeconds < 1
        || maxConnections < 1
        || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("signaling limits must be at least 1: " + this);
    }
  }
}
