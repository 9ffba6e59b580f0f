package org.medirelay.turn.net;

import java.net.InetAddress;
import org.medirelay.turn.limits.Quota;
import org.medirelay.turn.limits.SourceKey;

/**
 * How many TCP and TLS client connections are open, in all ({@code --max-connections}) and per
 * client address ({@code --max-connections-per-ip}, an IPv6 client's /64), shared by every stream
 * listener. A connection beyond either is closed as soon as it is accepted, so a flood costs a file
 * descriptor for an instant and no memory. Owned by the event loop.
 */
public final class ConnectionGate {

  /** Why a connection was refused, with the option an operator changes and the metric's label. */
  public enum Refusal {
    MAX_CONNECTIONS("--max-connections", "max_connections"),
    MAX_CONNECTIONS_PER_IP("--max-connections-per-ip", "max_connections_per_ip");

    private final String option;
    private final String label;

    Refusal(String option, String label) {
      this.option = option;
      this.label = label;
    }

    String option() {
      return option;
    }

    String label() {
      return label;
    }
  }

  private final int maxConnections;
  private final Quota<SourceKey> perSource;
  private int open;

  /** Limits of 0 mean unlimited. */
  public ConnectionGate(int maxConnections, int maxConnectionsPerIp) {
    this.maxConnections = maxConnections;
    this.perSource = new Quota<>(maxConnectionsPerIp);
  }

  /** Counts a new connection from {@code client} and returns null, or the limit it exceeds. */
  Refusal admit(InetAddress client) {
    if (maxConnections > 0 && open >= maxConnections) {
      return Refusal.MAX_CONNECTIONS;
    }
    SourceKey key = SourceKey.of(client);
    if (!perSource.admits(key)) {
      return Refusal.MAX_CONNECTIONS_PER_IP;
    }
    perSource.add(key);
    open++;
    return null;
  }

  /** Forgets a connection {@link #admit} counted. */
  void release(InetAddress client) {
    perSource.remove(SourceKey.of(client));
    open--;
  }

  int limit(Refusal refusal) {
    return refusal == Refusal.MAX_CONNECTIONS ? maxConnections : perSource.limit();
  }
}
