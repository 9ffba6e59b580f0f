package org.medirelay.media.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.medirelay.media.packet.PacketPool;

/**
 * The one UDP port every participant's ICE, DTLS and SRTP goes through. ice4j's single-port
 * harvester binds it on each local address we advertise and demultiplexes datagrams: first by
 * remote address, and for an address it has not seen by the ICE ufrag in a STUN Binding request's
 * USERNAME. Payload reaches each participant's component through ice4j's push API, in buffers from
 * our {@link PacketPool}.
 */
public final class IceUdpPort implements AutoCloseable {

  /**
   * Counts what ice4j drops before any participant sees it: Binding requests for a ufrag nobody
   * has, and STUN from a participant's address that ice4j cannot parse or refuses as invalid.
   */
  public record Drops(Runnable unknownUfrag, Runnable malformedStun) {}

  /**
   * SO_RCVBUF asked for the media socket. Every participant shares it, and one thread drains it: a
   * burst of video from several publishers, or a moment without CPU, must not overflow it (the
   * kernel default holds ~100 datagrams). Linux grants at most net.core.rmem_max, which operators
   * of busy nodes should raise to at least this.
   */
  static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

  static {
    // ice4j reads its configuration once, from system properties merged over its reference.conf.
    System.setProperty(
        "ice4j.harvest.udp.receive-buffer-size", String.valueOf(RECEIVE_BUFFER_BYTES));
    System.setProperty("ice4j.software", "");
    // One socket per address, which both receives and sends. ice4j's default pool (one more socket
    // per core) lets many
    // threads send at once, at the price of a lock and a search on every send; our sends come
    // almost all from the one
    // receiving thread, so the pool only costs.
    System.setProperty("ice4j.harvest.udp.socket-pool-size", "1");
    // The public address of a NATed host comes from MEDIA_PUBLIC_ADDRESS, never from probing a
    // cloud metadata service.
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
  }

  private final List<SinglePortUdpHarvester> harvesters = new ArrayList<>();
  private final List<StaticMappingCandidateHarvester> publicMappings = new ArrayList<>();
  private final int port;

  /**
   * @param addresses local addresses to bind and advertise as host candidates
   * @param requestedPort the UDP port; 0 picks a free one (tests), which every further address then
   *     shares
   * @param publicAddress the address a 1:1 NAT maps to ours, advertised as a server-reflexive
   *     candidate; or null
   */
  public IceUdpPort(
      List<InetAddress> addresses,
      int requestedPort,
      InetAddress publicAddress,
      PacketPool pool,
      Drops drops)
      throws IOException {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("no local address to bind the media port on");
    }
    installPushApi(pool);
    StunLogFilter.install(drops.malformedStun());
    int bound = requestedPort;
    try {
      for (InetAddress address : addresses) {
        SinglePortUdpHarvester harvester =
            new CountingHarvester(new TransportAddress(address, bound, Transport.UDP), drops);
        bound = harvester.getLocalAddress().getPort();
        harvesters.add(harvester);
      }
    } catch (IOException e) {
      close();
      throw new IOException("cannot bind UDP port " + bound + ": " + e.getMessage(), e);
    }
    this.port = bound;
    InetAddress mapped =
        publicAddress == null ? null : mappedLocalAddress(addresses, publicAddress);
    if (mapped != null) {
      publicMappings.add(
          new StaticMappingCandidateHarvester(
              new TransportAddress(publicAddress, bound, Transport.UDP),
              new TransportAddress(mapped, bound, Transport.UDP),
              "public-address",
              false));
    }
  }

  /**
   * The local address a 1:1 NAT maps the public one to: the first non-loopback one of its family,
   * else any.
   */
  private static InetAddress mappedLocalAddress(
      List<InetAddress> addresses, InetAddress publicAddress) {
    InetAddress fallback = null;
    for (InetAddress address : addresses) {
      if (address.getClass() != publicAddress.getClass()) {
        continue;
      }
      if (!address.isLoopbackAddress()) {
        return address;
      }
      if (fallback == null) {
        fallback = address;
      }
    }
    return fallback;
  }

  /**
   * ice4j keeps its push-API switch and buffer pool in static fields; this node is the only ice4j
   * user in the process, so it sets them once here.
   */
  private static synchronized void installPushApi(PacketPool pool) {
    AbstractUdpListener.USE_PUSH_API = true;
    BufferPool.getBuffer = pool::takeIceBuffer;
    BufferPool.returnBuffer =
        buffer -> {
          pool.giveBackIceBuffer(buffer);
          return kotlin.Unit.INSTANCE;
        };
  }

  /**
   * A new agent whose only candidates are on this port (plus the public mapping when configured).
   */
  Agent newAgent() {
    Agent agent = new Agent("mr", null);
    agent.setUseDynamicPorts(false);
    harvesters.forEach(agent::addCandidateHarvester);
    publicMappings.forEach(agent::addCandidateHarvester);
    return agent;
  }

  public int port() {
    return port;
  }

  public List<InetSocketAddress> localAddresses() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (SinglePortUdpHarvester harvester : harvesters) {
      TransportAddress local = harvester.getLocalAddress();
      addresses.add(new InetSocketAddress(local.getAddress(), local.getPort()));
    }
    return addresses;
  }

  @Override
  public void close() {
    harvesters.forEach(AbstractUdpListener::close);
  }

  /** Counts STUN Binding requests whose ufrag belongs to no participant (stale tabs, scanners). */
  private static final class CountingHarvester extends SinglePortUdpHarvester {
    private final Drops drops;

    CountingHarvester(TransportAddress address, Drops drops) throws IOException {
      super(address);
      this.drops = drops;
    }

    @Override
    protected MySocket maybeAcceptNewSession(
        Buffer buf, InetSocketAddress remoteAddress, String ufrag) {
      MySocket socket = super.maybeAcceptNewSession(buf, remoteAddress, ufrag);
      if (socket == null) {
        drops.unknownUfrag().run();
      }
      return socket;
    }
  }
}
