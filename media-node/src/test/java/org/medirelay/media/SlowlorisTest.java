package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Slowloris on the signaling port: connections that never finish their request headers are capped
 * per source address and in all, and closed when the upgrade deadline passes, while people still
 * join. The attack comes from other loopback addresses (127.0.0.2–5) than the real clients.
 */
class SlowlorisTest {

  private static final int PER_ADDRESS = 20;
  private static final int TOTAL = 60;
  private static final int UPGRADE_SECONDS = 10;
  private static final String REFUSED_FOR_ADDRESS =
      "medirelay_media_signaling_connections_refused_total{cap=\"address\"}";
  private static final String REFUSED_FOR_TOTAL =
      "medirelay_media_signaling_connections_refused_total{cap=\"total\"}";
  private static final String UPGRADE_TIMEOUTS = "medirelay_media_signaling_upgrade_timeouts_total";
  private static final String OPEN = "medirelay_media_signaling_connections";

  @Test
  void halfOpenConnectionsFromOneAddressAreCappedAndClosedWhileRealJoinsSucceed() throws Exception {
    List<Socket> attack = new ArrayList<>();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = start(issuer, UPGRADE_SECONDS)) {
      attack.addAll(halfOpen(node, "127.0.0.2", 300));
      await(node, REFUSED_FOR_ADDRESS, n -> n >= 300 - PER_ADDRESS);
      int stillOpen = countOpen(attack);
      System.out.printf(
          "Slowloris: %d of %d half-open connections from one address still open%n",
          stillOpen, attack.size());
      assertThat(stillOpen).isEqualTo(PER_ADDRESS);

      try (SignalingClient doctor = new SignalingClient(node.signalingUrl())) {
        doctor.join("s-loris", issuer.token("s-loris", "Doctor", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(doctor.next("joined")).isNotNull();

        // The deadline frees the rest; the doctor's joined connection stays.
        await(node, UPGRADE_TIMEOUTS, n -> n >= PER_ADDRESS);
        assertThat(countOpen(attack)).isZero();
        doctor.send("{\"type\":\"chat\",\"text\":\"still here\"}");
        assertThat(doctor.next("chat").path("text").asText()).isEqualTo("still here");
        try (SignalingClient patient = new SignalingClient(node.signalingUrl())) {
          patient.join("s-loris", issuer.token("s-loris", "Pat", EnumSet.of(Grant.SUBSCRIBE)));
          assertThat(patient.next("joined")).isNotNull();
        }
      }
      assertThat(metric(node, REFUSED_FOR_ADDRESS)).isEqualTo(300 - PER_ADDRESS);
      assertThat(metric(node, UPGRADE_TIMEOUTS)).isEqualTo(PER_ADDRESS);
    } finally {
      closeAll(attack);
    }
  }

  /** Many sources together are held to the total; a connection closed frees its place at once. */
  @Test
  void connectionsFromManyAddressesAreHeldToTheTotal() throws Exception {
    List<Socket> attack = new ArrayList<>();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = start(issuer, 600)) {
      for (int host = 2; host <= 5; host++) {
        attack.addAll(halfOpen(node, "127.0.0." + host, PER_ADDRESS));
      }
      await(node, REFUSED_FOR_TOTAL, n -> n >= 4 * PER_ADDRESS - TOTAL);
      assertThat(countOpen(attack)).isEqualTo(TOTAL);
      assertThat(metric(node, REFUSED_FOR_ADDRESS)).isZero();

      closeAll(attack);
      await(node, OPEN, n -> n == 0);
      try (SignalingClient doctor = new SignalingClient(node.signalingUrl())) {
        doctor.join("s-many", issuer.token("s-many", "Doctor", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(doctor.next("joined")).isNotNull();
      }
    } finally {
      closeAll(attack);
    }
  }

  private static MediaNode start(TestIssuer issuer, int upgradeSeconds) throws Exception {
    return TestNodes.start(
        issuer,
        Map.of(
            "MEDIA_SIGNALING_UPGRADE_SECONDS", String.valueOf(upgradeSeconds),
            "MEDIA_SIGNALING_MAX_CONNECTIONS", String.valueOf(TOTAL),
            "MEDIA_SIGNALING_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(PER_ADDRESS)));
  }

  /** Connections from {@code source} that send the start of an upgrade request and no more. */
  private static List<Socket> halfOpen(MediaNode node, String source, int count)
      throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", node.signalingPort()), 5000);
      sockets.add(socket);
      try {
        socket
            .getOutputStream()
            .write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // closed by the node already
      }
    }
    return sockets;
  }

  /** How many of {@code sockets} the node has not closed. */
  private static int countOpen(List<Socket> sockets) throws IOException {
    int open = 0;
    for (Socket socket : sockets) {
      socket.setSoTimeout(1);
      try {
        if (socket.getInputStream().read() >= 0) {
          open++; // the node answered something and kept the connection
        }
      } catch (SocketTimeoutException e) {
        open++;
      } catch (IOException e) {
        // reset: closed
      }
    }
    return open;
  }

  private static void closeAll(List<Socket> sockets) throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private static double metric(MediaNode node, String name) {
    for (String line : node.metrics().scrape().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    return 0;
  }

  /** Waits (at most 15 s: the machine may be busy) until a figure of the node is as expected. */
  private static void await(MediaNode node, String name, DoublePredicate expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!expected.test(metric(node, name)) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
