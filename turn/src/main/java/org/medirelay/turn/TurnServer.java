package org.medirelay.turn;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.AllocationRegistry;
import org.medirelay.turn.allocation.RelayPortPool;
import org.medirelay.turn.auth.Authenticator;
import org.medirelay.turn.auth.CredentialStore;
import org.medirelay.turn.auth.NonceService;
import org.medirelay.turn.auth.SourceRateLimiter;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.control.AllocationLifecycle;
import org.medirelay.turn.control.StunRequestProcessor;
import org.medirelay.turn.metrics.PrometheusEndpoint;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.net.StreamListener;
import org.medirelay.turn.net.UdpListener;
import org.medirelay.turn.peer.PeerAddressPolicy;
import org.medirelay.turn.relay.ChannelDataToPeer;
import org.medirelay.turn.relay.ClientPacketDispatcher;
import org.medirelay.turn.relay.PacketBuffer;
import org.medirelay.turn.relay.PeerToClient;
import org.medirelay.turn.relay.SendIndicationToPeer;
import org.medirelay.turn.tls.TlsContexts;

/**
 * An RFC 8656 TURN server, embeddable: {@code TurnServer.start(config)} binds every listener,
 * starts the event loop and returns; the bound ports are readable afterwards (tests bind port 0);
 * {@link #close()} stops it.
 */
public final class TurnServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TurnServer.class.getName());

  private final EventLoop loop;
  private final TurnMetrics metrics = new TurnMetrics();
  private final List<UdpListener> udpListeners = new ArrayList<>();
  private final List<StreamListener> tcpListeners = new ArrayList<>();
  private final List<StreamListener> tlsListeners = new ArrayList<>();
  private final List<InetAddress> relayIps;
  private final RelayPortPool ports;
  private final AllocationLifecycle lifecycle;
  private final PrometheusEndpoint prometheus;

  private TurnServer(TurnConfig config) throws IOException {
    config.validate();
    loop = new EventLoop(config.clock(), "turn-relay");
    PacketBuffer packets = new PacketBuffer();
    relayIps =
        config.relayIps().isEmpty() ? defaultRelayIps(config.listeningIps()) : config.relayIps();
    ports = new RelayPortPool(config.minPort(), config.maxPort(), new SecureRandom());
    AllocationRegistry registry = new AllocationRegistry(config.userQuota(), config.totalQuota());

    List<InetAddress> listenIps =
        config.listeningIps().isEmpty() ? List.of(wildcard()) : config.listeningIps();
    List<DatagramChannel> udp = new ArrayList<>();
    List<ServerSocketChannel> tcp = new ArrayList<>();
    List<ServerSocketChannel> tls = new ArrayList<>();
    int port = config.listeningPort();
    for (InetAddress ip : listenIps) {
      port = bindPlain(ip, port, config, udp, tcp);
      if (config.tls()) {
        tls.add(bindTcp(new InetSocketAddress(ip, config.tlsListeningPort())));
      }
    }
    Set<InetSocketAddress> own = ownAddresses(udp, tcp, tls);
    PeerAddressPolicy peers =
        new PeerAddressPolicy(
            config.allowedPeerIps(), config.deniedPeerIps(), config.allowLoopbackPeers(), own);

    PeerToClient peerToClient = new PeerToClient(loop, metrics, packets);
    lifecycle =
        new AllocationLifecycle(
            config,
            loop,
            registry,
            ports,
            peers,
            metrics,
            relayIps,
            allocation -> {
              SelectionKey key =
                  loop.register(
                      allocation.relayChannel(),
                      SelectionKey.OP_READ,
                      new RelayReader(allocation, peerToClient));
              allocation.relayKey(key);
            });
    CredentialStore credentials =
        new CredentialStore(
            config.realm(),
            config.users(),
            config.useAuthSecret() ? config.staticAuthSecrets() : List.of());
    Authenticator authenticator =
        new Authenticator(credentials, new NonceService(config.staleNonce()));
    SourceRateLimiter limiter =
        new SourceRateLimiter(config.unauthorizedRate(), 2 * config.unauthorizedRate());
    StunRequestProcessor control = new StunRequestProcessor(lifecycle, authenticator, limiter);
    ClientPacketDispatcher dispatcher =
        new ClientPacketDispatcher(
            new ChannelDataToPeer(loop, metrics),
            new SendIndicationToPeer(loop, metrics),
            control,
            metrics);

    for (DatagramChannel channel : udp) {
      UdpListener listener = new UdpListener(channel, packets::forReceive, dispatcher::dispatch);
      loop.register(channel, SelectionKey.OP_READ, listener);
      udpListeners.add(listener);
    }
    for (ServerSocketChannel channel : tcp) {
      StreamListener listener =
          new StreamListener(
              channel, null, loop, dispatcher::dispatch, lifecycle::delete, packets::forStream);
      loop.register(channel, SelectionKey.OP_ACCEPT, listener);
      tcpListeners.add(listener);
    }
    if (!tls.isEmpty()) {
      SSLContext sslContext = TlsContexts.create(config.cert(), config.pkey(), config.dataDir());
      for (ServerSocketChannel channel : tls) {
        StreamListener listener =
            new StreamListener(
                channel,
                sslContext,
                loop,
                dispatcher::dispatch,
                lifecycle::delete,
                packets::forStream);
        loop.register(channel, SelectionKey.OP_ACCEPT, listener);
        tlsListeners.add(listener);
      }
    }
    loop.everySecond(lifecycle::sweep);
    loop.everySecond(() -> limiter.evictFull(loop.now()));
    loop.everySecond(
        () -> {
          tcpListeners.forEach(StreamListener::closeIdle);
          tlsListeners.forEach(StreamListener::closeIdle);
        });
    prometheus =
        config.prometheus()
            ? new PrometheusEndpoint(new InetSocketAddress(config.prometheusPort()), metrics)
            : null;
    loop.start();
  }

  /** Binds every listener and starts serving. */
  public static TurnServer start(TurnConfig config) throws IOException {
    return new TurnServer(config);
  }

  /**
   * Binds UDP and TCP on the same port; with port 0, retries until both get the same ephemeral
   * port.
   */
  private static int bindPlain(
      InetAddress ip,
      int port,
      TurnConfig config,
      List<DatagramChannel> udp,
      List<ServerSocketChannel> tcp)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      DatagramChannel u = null;
      try {
        int bound = port;
        if (config.udp()) {
          // A plain IPv4 socket for an IPv4 listening address: the kernel's IPv4-mapped path costs
          // more per packet.
          u =
              ip instanceof Inet4Address
                  ? DatagramChannel.open(StandardProtocolFamily.INET)
                  : DatagramChannel.open();
          u.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
          u.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
          u.bind(new InetSocketAddress(ip, port));
          u.configureBlocking(false);
          bound = ((InetSocketAddress) u.getLocalAddress()).getPort();
        }
        if (config.tcp()) {
          ServerSocketChannel t = bindTcp(new InetSocketAddress(ip, bound));
          tcp.add(t);
          bound = ((InetSocketAddress) t.getLocalAddress()).getPort();
        }
        if (u != null) {
          udp.add(u);
        }
        return bound;
      } catch (IOException e) {
        if (u != null) {
          u.close();
        }
        if (port != 0 || attempt >= 20) {
          throw new IOException(
              "cannot listen on " + ip.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static ServerSocketChannel bindTcp(InetSocketAddress address) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    channel.bind(address, 1024);
    channel.configureBlocking(false);
    return channel;
  }

  private static InetAddress wildcard() throws IOException {
    return new InetSocketAddress(0).getAddress();
  }

  /**
   * The server's own listening transport addresses, with wildcard listeners expanded to every local
   * address.
   */
  private static Set<InetSocketAddress> ownAddresses(
      List<DatagramChannel> udp, List<ServerSocketChannel> tcp, List<ServerSocketChannel> tls)
      throws IOException {
    List<InetSocketAddress> bound = new ArrayList<>();
    for (DatagramChannel c : udp) {
      bound.add((InetSocketAddress) c.getLocalAddress());
    }
    for (ServerSocketChannel c : tcp) {
      bound.add((InetSocketAddress) c.getLocalAddress());
    }
    for (ServerSocketChannel c : tls) {
      bound.add((InetSocketAddress) c.getLocalAddress());
    }
    Set<InetSocketAddress> own = new HashSet<>();
    for (InetSocketAddress address : bound) {
      if (address.getAddress().isAnyLocalAddress()) {
        for (InetAddress local : localAddresses()) {
          own.add(new InetSocketAddress(local, address.getPort()));
        }
      } else {
        own.add(address);
      }
    }
    return own;
  }

  private static List<InetAddress> localAddresses() throws IOException {
    List<InetAddress> all = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        all.add(
            address instanceof Inet6Address v6 && v6.getScopeId() != 0
                ? InetAddress.getByAddress(v6.getAddress())
                : address);
      }
    }
    all.add(InetAddress.getLoopbackAddress());
    return all;
  }

  /**
   * Relay addresses when {@code --relay-ip} is not given: the concrete listening IPs, else the
   * first global IPv4 and IPv6 addresses of the host, else loopback.
   */
  private static List<InetAddress> defaultRelayIps(List<InetAddress> listening) throws IOException {
    List<InetAddress> concrete = listening.stream().filter(a -> !a.isAnyLocalAddress()).toList();
    if (!concrete.isEmpty()) {
      return concrete;
    }
    InetAddress v4 = null;
    InetAddress v6 = null;
    for (InetAddress a : localAddresses()) {
      boolean usable = !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress();
      if (usable && a instanceof Inet4Address && v4 == null) {
        v4 = a;
      } else if (usable && a instanceof Inet6Address && v6 == null) {
        v6 = a;
      }
    }
    List<InetAddress> ips = new ArrayList<>();
    if (v4 != null) {
      ips.add(v4);
    }
    if (v6 != null) {
      ips.add(v6);
    }
    if (ips.isEmpty()) {
      ips.add(InetAddress.getLoopbackAddress());
    }
    LOG.info("relay addresses (set --relay-ip to choose): " + ips);
    return ips;
  }

  public int udpPort() throws IOException {
    return udpListeners.get(0).localAddress().getPort();
  }

  public int tcpPort() throws IOException {
    return tcpListeners.get(0).localAddress().getPort();
  }

  public int tlsPort() throws IOException {
    return tlsListeners.get(0).localAddress().getPort();
  }

  /** The metrics port, or -1 when {@code --prometheus} is off. */
  public int prometheusPort() {
    return prometheus == null ? -1 : prometheus.port();
  }

  public List<InetAddress> relayIps() {
    return relayIps;
  }

  public TurnMetrics metrics() {
    return metrics;
  }

  /** The event loop thread's id, for tests that measure what the relay path allocates. */
  public long relayThreadId() {
    return loop.threadId();
  }

  @Override
  public void close() {
    try {
      loop.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ports.closeAll();
    if (prometheus != null) {
      prometheus.close();
    }
  }

  /** Binds a relay socket's readiness to the peer-to-client stage for its allocation. */
  private record RelayReader(Allocation allocation, PeerToClient stage)
      implements EventLoop.Handler {
    @Override
    public void onReady(SelectionKey key) throws IOException {
      stage.onReadable(allocation);
    }

    @Override
    public void onFailure(SelectionKey key, IOException error) {
      LOG.fine(() -> "relay socket " + allocation.relayedAddress() + ": " + error.getMessage());
    }
  }
}
