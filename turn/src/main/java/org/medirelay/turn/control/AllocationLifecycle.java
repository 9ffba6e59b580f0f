package org.medirelay.turn.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.logging.Logger;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.AllocationRegistry;
import org.medirelay.turn.allocation.RelayPortPool;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.log.ThrottledLog;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.peer.PeerAddressPolicy;

/**
 * The allocation lifecycle: the one place that creates ({@link #activate}), deletes and sweeps
 * allocations, so the registry, the client link, the relay socket and the metrics never disagree.
 * The method handlers reach what a lifecycle step needs through it: configuration (lifetimes,
 * quotas), the clock, the relay addresses, the port pool and the peer policy.
 *
 * <p>It lives with the handlers in {@code control} rather than in {@code allocation}: it registers
 * relay sockets with the event loop, and {@code allocation} depends on nothing of the network
 * layer.
 */
public final class AllocationLifecycle {

  final TurnConfig config;
  final EventLoop loop;
  final AllocationRegistry registry;
  final RelayPortPool ports;
  final PeerAddressPolicy peers;
  final TurnMetrics metrics;
  final List<InetAddress> relayIps;

  /** Refusals (peers, quotas) are logged here, at most one line of a kind per interval. */
  final ThrottledLog log;

  private final RelaySocketRegistrar registrar;

  /** Registers a new relay socket with the loop, wiring it to the peer-to-client stage. */
  @FunctionalInterface
  public interface RelaySocketRegistrar {
    void register(Allocation allocation) throws IOException;
  }

  public AllocationLifecycle(
      TurnConfig config,
      EventLoop loop,
      AllocationRegistry registry,
      RelayPortPool ports,
      PeerAddressPolicy peers,
      TurnMetrics metrics,
      List<InetAddress> relayIps,
      RelaySocketRegistrar registrar) {
    this.config = config;
    this.loop = loop;
    this.registry = registry;
    this.ports = ports;
    this.peers = peers;
    this.metrics = metrics;
    this.relayIps = List.copyOf(relayIps);
    this.registrar = registrar;
    this.log =
        new ThrottledLog(Logger.getLogger(AllocationLifecycle.class.getName()), config.clock());
  }

  /**
   * The control path reads the clock itself rather than the loop's per-event time: a listener
   * drains a batch of datagrams in one event, and a request late in the batch must not be judged
   * (nonce, lifetime) by an earlier time.
   */
  long now() {
    return loop.clock().millis();
  }

  /** The relay IP of the family (4 or 16 address bytes), or null when the server has none. */
  InetAddress relayIp(int addressBytes) {
    for (InetAddress ip : relayIps) {
      if (ip.getAddress().length == addressBytes) {
        return ip;
      }
    }
    return null;
  }

  /**
   * The address to advertise for a relay socket bound at {@code bound}, after {@code
   * --external-ip}.
   */
  InetSocketAddress advertised(InetSocketAddress bound) {
    for (TurnConfig.ExternalIp external : config.externalIps()) {
      boolean sameFamily =
          external.publicIp().getAddress().length == bound.getAddress().getAddress().length;
      boolean matches =
          external.privateIp() == null
              ? sameFamily
              : external.privateIp().equals(bound.getAddress());
      if (matches) {
        return new InetSocketAddress(external.publicIp(), bound.getPort());
      }
    }
    return bound;
  }

  void activate(Allocation allocation) throws IOException {
    registrar.register(allocation);
    registry.add(allocation);
    allocation.client().attach(allocation);
    metrics.allocationsCreated.increment();
    metrics.allocationsActive.increment();
  }

  /**
   * Deletes an allocation: relay socket closed, client link detached, quotas and metrics updated.
   */
  public void delete(Allocation allocation) {
    if (allocation.isClosed()) {
      return;
    }
    allocation.close();
    registry.remove(allocation);
    if (allocation.client().allocation() == allocation) {
      allocation.client().attach(null);
    }
    metrics.allocationsActive.decrement();
  }

  /** The periodic sweep: expired allocations, permissions, channels and port reservations. */
  public void sweep() {
    long now = now();
    registry.sweep(now, this::delete);
    ports.sweep(now);
  }
}
