package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.TlsClients;
import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.LifetimeAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.tls.TlsContexts;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * Floods of TCP and TLS connections that never finish a frame, from loopback addresses, bounded (a
 * few hundred connections, a few seconds): the caps refuse what is over them, what is admitted
 * holds little memory and is closed at its deadline, and real clients are served all along.
 */
class TurnConnectionFloodTest {

  /** The start of a STUN message that announces 1000 bytes and sends 96. */
  private static final byte[] PARTIAL_STUN = partial(new byte[] {0, 1, 0x03, (byte) 0xE8}, 116);

  /** The header of a 512-byte TLS handshake record and 100 bytes of it. */
  private static final byte[] PARTIAL_CLIENT_HELLO = partial(new byte[] {0x16, 3, 1, 2, 0}, 105);

  @TempDir Path dataDir;

  private final MutableClock clock = new MutableClock();
  private final List<Socket> flood = new ArrayList<>();
  private final List<TurnTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : flood) {
      socket.close();
    }
    clients.forEach(TurnTestClient::close);
  }

  private TurnConfig.Builder config() {
    return TestConfigs.restOnLoopback(dataDir)
        .tcp(true)
        .tls(true)
        .tlsListeningPort(0)
        .allowLoopbackPeers(true)
        .clock(clock);
  }

  @Test
  void theCapsRefuseAFloodOfHalfSentConnectionsWhileClientsAreServed() throws Exception {
    try (LogCapture logs = new LogCapture();
        TurnServer server =
            TurnServer.start(config().maxConnectionsPerIp(50).maxConnections(250).build())) {
      TurnTestClient tcpClient = tcpClient(server, "127.0.0.1", "doctor-1");
      assertThat(tcpClient.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      long heapBefore = usedHeapAfterGc();

      // 360 connections from six addresses, 60 each: three send half a STUN message over TCP,
      // three half a ClientHello over TLS.
      int resetWhileConnecting = 0;
      for (int source = 2; source <= 7; source++) {
        boolean tls = source >= 5;
        for (int i = 0; i < 60; i++) {
          Socket socket = new Socket();
          socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + source), 0));
          flood.add(socket);
          try {
            socket.connect(
                new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), tls ? server.tlsPort() : server.tcpPort()),
                2000);
          } catch (SocketException e) {
            resetWhileConnecting++; // refused before connect() saw the handshake complete
            continue;
          }
          send(socket, tls ? PARTIAL_CLIENT_HELLO : PARTIAL_STUN);
        }
      }
      var metrics = server.metrics();
      await(() -> metrics.connectionsOpen.sum() + metrics.connectionsRefused.sum() == 361);

      // 50 from each of the first four addresses, 49 from the fifth: 250 with the client's own.
      assertThat(metrics.connectionsOpen.sum()).isEqualTo(250);
      assertThat(metrics.connectionsRefused.get("max_connections_per_ip").sum()).isEqualTo(40);
      assertThat(metrics.connectionsRefused.get("max_connections").sum()).isEqualTo(71);
      assertThat(resetWhileConnecting + refusedByTheServer()).isEqualTo(111);
      // One line per listener and kind, for 111 refusals.
      assertThat(logs.lines("refused: --max-connections-per-ip 50 reached"))
          .hasSize(2)
          .anyMatch(line -> line.startsWith("TCP connection from 127.0.0.2:"))
          .anyMatch(line -> line.startsWith("TLS connection from 127.0.0.5:"));
      assertThat(logs.lines("refused: --max-connections 250 reached")).hasSize(1);

      // What the 249 half-sent connections hold: buffers as large as their bytes, not 64-117 KB.
      long buffers = metrics.connectionBufferBytes.sum();
      long heapPerConnection = (usedHeapAfterGc() - heapBefore) / 249;
      System.out.printf(
          "flood: %d B of buffers, %d B of heap per half-sent connection%n",
          buffers / 249, heapPerConnection);
      assertThat(buffers).isLessThanOrEqualTo(249 * 1024L);
      assertThat(heapPerConnection).isLessThan(16 * 1024L);

      // Served throughout: a UDP allocation, and the TCP allocation made before the flood.
      TurnRestCredential patient = TestConfigs.credential("patient-1");
      try (TurnTestClient udpClient =
          new TurnTestClient(
              TurnServerRefusalsTest.address(server), patient.username(), patient.password())) {
        assertThat(udpClient.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      }
      assertThat(refresh(tcpClient).messageClass()).isEqualTo(StunMessageType.SUCCESS);

      // A byte more on each changes nothing: past --connection-timeout (10 s) they are closed.
      for (Socket socket : flood) {
        send(socket, new byte[] {0});
      }
      clock.advance(Duration.ofSeconds(11));
      await(() -> metrics.connectionsOpen.sum() == 1);
      assertThat(metrics.connectionsClosed.get("first_message_timeout").sum()).isEqualTo(249);
      // A TLS connection closed while its handshake step runs gets its buffers back when the step
      // returns to the loop (TlsConnection.afterStep), a moment after it stopped counting as open.
      await(() -> metrics.connectionBufferBytes.sum() == 0);
      assertThat(refresh(tcpClient).messageClass()).isEqualTo(StunMessageType.SUCCESS);
      TurnTestClient second = tcpClient(server, "127.0.0.2", "patient-2");
      assertThat(second.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
    }
  }

  @Test
  void onlyWholeFramesKeepAConnectionWithoutAnAllocationOpen() throws Exception {
    try (TurnServer server = TurnServer.start(config().build())) {
      TurnTestClient client = tcpClient(server, "127.0.0.1", "patient-3");
      StunMessage binding = client.exchange(TurnTestClient.unsigned(StunMessageType.BINDING));
      assertThat(binding.messageClass()).isEqualTo(StunMessageType.SUCCESS);
      client.send(PARTIAL_STUN);

      for (int i = 0; i < 3; i++) {
        clock.advance(Duration.ofSeconds(25));
        client.send(new byte[] {0});
        Thread.sleep(1100); // a sweep
      }

      await(() -> server.metrics().connectionsClosed.get("idle").sum() == 1);
      assertThat(server.metrics().connectionsOpen.sum()).isZero();
    }
  }

  @Test
  void tlsHandshakesComputeOffTheRelayThread() throws Exception {
    // A server closed by an earlier test may still be ending its handshake thread: not ours.
    Set<Thread> earlier = handshakeThreads();
    try (TurnServer server = TurnServer.start(config().build())) {
      ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
      for (int i = 0; i < 10; i++) {
        assertThat(tlsClient(server, "127.0.0.9", "warm-up-" + i).allocate().messageClass())
            .isEqualTo(StunMessageType.SUCCESS);
      }
      long relayBefore = threads.getThreadCpuTime(server.relayThreadId());
      Thread handshakeThread =
          handshakeThreads().stream().filter(t -> !earlier.contains(t)).findFirst().orElseThrow();
      long handshakeBefore = threads.getThreadCpuTime(handshakeThread.getId());

      for (int i = 0; i < 40; i++) {
        TurnTestClient client = tlsClient(server, "127.0.0.10", "patient-" + i);
        assertThat(client.allocate().messageClass()).isEqualTo(StunMessageType.SUCCESS);
      }

      long relay = threads.getThreadCpuTime(server.relayThreadId()) - relayBefore;
      long handshakes = threads.getThreadCpuTime(handshakeThread.getId()) - handshakeBefore;
      long tcpBefore = threads.getThreadCpuTime(server.relayThreadId());
      for (int i = 0; i < 40; i++) {
        tcpClient(server, "127.0.0.11", "doctor-" + i).allocate();
      }
      long tcp = threads.getThreadCpuTime(server.relayThreadId()) - tcpBefore;
      System.out.printf(
          "40 TLS connections with an allocation: relay thread %d ms, handshake thread %d ms"
              + " (40 over TCP: relay thread %d ms)%n",
          relay / 1_000_000, handshakes / 1_000_000, tcp / 1_000_000);
      assertThat(handshakes).isGreaterThan(relay);
    }
  }

  private TurnTestClient tcpClient(TurnServer server, String localIp, String userId)
      throws Exception {
    TurnRestCredential credential = TestConfigs.credential(userId);
    TurnTestClient client =
        TurnTestClient.overStream(
            connect(localIp, server.tcpPort(), false),
            credential.username(),
            credential.password());
    clients.add(client);
    return client;
  }

  private TurnTestClient tlsClient(TurnServer server, String localIp, String userId)
      throws Exception {
    TurnRestCredential credential = TestConfigs.credential(userId);
    TurnTestClient client =
        TurnTestClient.overStream(
            connect(localIp, server.tlsPort(), true), credential.username(), credential.password());
    clients.add(client);
    return client;
  }

  private Socket connect(String localIp, int port, boolean tls) throws Exception {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
    if (!tls) {
      return socket;
    }
    SSLSocket secure =
        (SSLSocket)
            trustingTheServer().getSocketFactory().createSocket(socket, "localhost", port, true);
    secure.startHandshake();
    return secure;
  }

  private static StunMessage refresh(TurnTestClient client) throws IOException {
    return client.request(StunMessageType.REFRESH, new LifetimeAttribute(600));
  }

  /** Flood sockets the server closed at once: their reads end or are reset, not time out. */
  private int refusedByTheServer() throws IOException {
    int refused = 0;
    for (Socket socket : flood) {
      if (!socket.isConnected()) {
        continue;
      }
      socket.setSoTimeout(5);
      try {
        InputStream in = socket.getInputStream();
        refused += in.read() < 0 ? 1 : 0;
      } catch (SocketTimeoutException e) {
        // Admitted: the server waits for the rest.
      } catch (SocketException e) {
        refused++;
      }
    }
    return refused;
  }

  /** Writes to a flood socket, which the server may have refused (reset) already. */
  private static void send(Socket socket, byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
    } catch (IOException e) {
      // Refused.
    }
  }

  private static Set<Thread> handshakeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("turn-tls-handshake"))
        .collect(Collectors.toSet());
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A client context that trusts the development certificate the server made in dataDir. */
  private SSLContext trustingTheServer() throws Exception {
    try (InputStream in = Files.newInputStream(dataDir.resolve(TlsContexts.DEV_CERT))) {
      return TlsClients.trusting(
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
  }

  private static byte[] partial(byte[] header, int length) {
    byte[] bytes = new byte[length];
    System.arraycopy(header, 0, bytes, 0, header.length);
    return bytes;
  }
}
