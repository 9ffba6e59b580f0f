package org.medirelay.turn;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.AllocationRegistry;
import org.medirelay.turn.allocation.RelayPortPool;
import org.medirelay.turn.auth.Authenticator;
import org.medirelay.turn.auth.ChallengeLimiter;
import org.medirelay.turn.auth.CredentialStore;
import org.medirelay.turn.auth.NonceService;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.control.AllocationLifecycle;
import org.medirelay.turn.control.StunRequestProcessor;
import org.medirelay.turn.metrics.PrometheusEndpoint;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.ConnectionGate;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.net.HostAddresses;
import org.medirelay.turn.net.ListeningSockets;
import org.medirelay.turn.net.StreamContext;
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
 *
 * <p>This is the composition root: it builds the parts and wires them together. Binding the
 * listening sockets is {@link ListeningSockets}'s job, finding the host's addresses {@link
 * HostAddresses}'s.
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

  /** Where TLS handshakes compute (key exchange, signing), off the relay thread. */
  private final ExecutorService handshakes =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "turn-tls-handshake");
            thread.setDaemon(true);
            return thread;
          });

  private TurnServer(TurnConfig config) throws IOException {
    config.validate();
    loop = new EventLoop(config.clock(), "turn-relay");
    PacketBuffer packets = new PacketBuffer();
    relayIps =
        config.relayIps().isEmpty()
            ? HostAddresses.defaultRelayIps(config.listeningIps())
            : config.relayIps();
    ports = new RelayPortPool(config.minPort(), config.maxPort(), new SecureRandom());
    AllocationRegistry registry =
        new AllocationRegistry(config.userQuota(), config.sourceQuota(), config.totalQuota());

    ListeningSockets sockets =
        ListeningSockets.bind(
            config.listeningIps(),
            config.listeningPort(),
            config.udp(),
            config.tcp(),
            config.tls() ? OptionalInt.of(config.tlsListeningPort()) : OptionalInt.empty());
    Set<InetSocketAddress> own =
        sockets.ownAddresses(
            config.externalIps().stream().map(TurnConfig.ExternalIp::publicIp).toList());
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
    ChallengeLimiter limiter = new ChallengeLimiter(config.unauthorizedRate());
    StunRequestProcessor control = new StunRequestProcessor(lifecycle, authenticator, limiter);
    ClientPacketDispatcher dispatcher =
        new ClientPacketDispatcher(
            new ChannelDataToPeer(loop, metrics),
            new SendIndicationToPeer(loop, metrics),
            control,
            metrics);

    for (DatagramChannel channel : sockets.udp()) {
      UdpListener listener =
          new UdpListener(channel, packets::forReceive, dispatcher::dispatch, config.clock());
      loop.register(channel, SelectionKey.OP_READ, listener);
      udpListeners.add(listener);
    }
    StreamContext streams =
        new StreamContext(
            loop,
            dispatcher::dispatch,
            lifecycle::delete,
            packets::forStream,
            new ConnectionGate(config.maxConnections(), config.maxConnectionsPerIp()),
            config.connectionTimeout() * 1000,
            metrics);
    for (ServerSocketChannel channel : sockets.tcp()) {
      StreamListener listener = new StreamListener(channel, streams, null, null);
      loop.register(channel, SelectionKey.OP_ACCEPT, listener);
      tcpListeners.add(listener);
    }
    if (!sockets.tls().isEmpty()) {
      SSLContext sslContext = TlsContexts.create(config.cert(), config.pkey(), config.dataDir());
      for (ServerSocketChannel channel : sockets.tls()) {
        StreamListener listener = new StreamListener(channel, streams, sslContext, handshakes);
        loop.register(channel, SelectionKey.OP_ACCEPT, listener);
        tlsListeners.add(listener);
      }
    }
    loop.everySecond(lifecycle::sweep);
    loop.everySecond(() -> limiter.evictFull(loop.now()));
    loop.everySecond(
        () -> {
          tcpListeners.forEach(StreamListener::sweep);
          tlsListeners.forEach(StreamListener::sweep);
        });
    prometheus =
        config.prometheus()
            ? new PrometheusEndpoint(new InetSocketAddress(config.prometheusPort()), metrics)
            : null;
    // Also the first log line: later ones open no file (time zones), for when descriptors run out.
    LOG.info(() -> "limits (0 = none): " + config.limits());
    loop.start();
  }

  /** Binds every listener and starts serving. */
  public static TurnServer start(TurnConfig config) throws IOException {
    return new TurnServer(config);
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
    handshakes.shutdownNow();
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
