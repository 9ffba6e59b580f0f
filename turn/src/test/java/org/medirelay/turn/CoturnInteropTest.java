package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.medirelay.testkit.ExternalTool;
import org.medirelay.turn.config.TurnConfig;

/**
 * coturn's own test client against our server: turnutils_uclient relays through us to
 * turnutils_peer, which echoes, over UDP, TCP and TLS, with channels and with Send indications,
 * client to client, with a static user and with a REST credential. Short runs (5 clients × 20
 * packets of 170 bytes) keep the suite fast; every run must lose nothing. The runs go side by side:
 * each uclient waits about 6 s for stragglers after its last packet, and one refused for a wrong
 * secret keeps asking for 28 s (it retries every 401, and our server answers a source's repeated
 * challenges at its fair share, {@code ChallengeLimiter}); nothing in one run touches another's
 * allocations.
 */
@Execution(ExecutionMode.CONCURRENT)
class CoturnInteropTest {

  private static final String SECRET = "interop-shared-secret-0123";
  private static final Pattern LOST = Pattern.compile("Total lost packets (\\d+)");
  private static final Pattern TOTALS =
      Pattern.compile("tot_send_msgs=(\\d+), tot_recv_msgs=(\\d+)\\s*$", Pattern.MULTILINE);

  @TempDir static Path dataDir;

  private static Path uclient;
  private static TurnServer server;
  private static Process peer;
  private static int peerPort;

  @BeforeAll
  static void start() throws Exception {
    uclient = ExternalTool.require("turnutils_uclient", "coturn");
    Path peerTool = ExternalTool.require("turnutils_peer", "coturn");
    server = TurnServer.start(baseConfig().allowLoopbackPeers(true).build());
    peerPort = freeUdpPortPair();
    peer =
        new ProcessBuilder(peerTool.toString(), "-L", "127.0.0.1", "-p", String.valueOf(peerPort))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Thread.sleep(300);
  }

  @AfterAll
  static void stop() {
    if (peer != null) {
      peer.destroy();
    }
    if (server != null) {
      server.close();
    }
  }

  static TurnConfig.Builder baseConfig() {
    return LoopbackConfig.builder(dataDir)
        .tlsListeningPort(0)
        .user("alice", "wonderland")
        .useAuthSecret(true)
        .staticAuthSecret(SECRET)
        // Every run's allocations stay until they expire, all as alice from 127.0.0.1.
        .userQuota(0)
        .sourceQuota(0);
  }

  @Test
  void udpWithChannelsAndRtcpReservations() throws Exception {
    assertNoLoss(run(server.udpPort(), "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void udpWithSendIndications() throws Exception {
    assertNoLoss(run(server.udpPort(), "-s", "-c", "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void tcpWithChannels() throws Exception {
    assertNoLoss(run(server.tcpPort(), "-t", "-c", "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void tcpWithSendIndications() throws Exception {
    assertNoLoss(run(server.tcpPort(), "-t", "-s", "-c", "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void tlsWithChannels() throws Exception {
    assertNoLoss(run(server.tlsPort(), "-t", "-S", "-c", "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void clientToClient() throws Exception {
    assertNoLoss(runWithoutPeer(server.udpPort(), "-y", "-c", "-u", "alice", "-w", "wonderland"));
  }

  @Test
  void restCredentialFromTheSharedSecret() throws Exception {
    assertNoLoss(run(server.udpPort(), "-c", "-W", SECRET, "-u", "patient-7"));
  }

  @Test
  void aWrongRestSecretIsRefused() throws Exception {
    long failures = server.metrics().authFailures.sum();
    String output = run(server.udpPort(), "-c", "-W", "not-the-secret-at-all", "-u", "patient-7");
    assertThat(output).contains("Cannot complete Allocation").doesNotContain("Total lost packets");
    assertThat(server.metrics().authFailures.sum()).isGreaterThan(failures);
  }

  @Test
  void aLoopbackPeerIsRefusedWith403WithoutAllowLoopbackPeers() throws Exception {
    try (TurnServer strict = TurnServer.start(baseConfig().build())) {
      String output = run(strict.udpPort(), "-c", "-u", "alice", "-w", "wonderland");
      assertThat(output).containsPattern("error 403");
      assertThat(strict.metrics().deniedPeers.sum()).isPositive();
      assertThat(strict.metrics().packetsToPeers.sum()).isZero();
    }
  }

  private static String run(int port, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of(flags));
    args.addAll(List.of("-e", "127.0.0.1", "-r", String.valueOf(peerPort)));
    return runWithoutPeer(port, args.toArray(String[]::new));
  }

  private static String runWithoutPeer(int port, String... flags) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                uclient.toString(),
                "-n",
                "20",
                "-m",
                "5",
                "-l",
                "170",
                "-p",
                String.valueOf(port)));
    command.addAll(List.of(flags));
    command.add("127.0.0.1");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private static void assertNoLoss(String output) {
    Matcher lost = LOST.matcher(output);
    assertThat(lost.find()).as("uclient finished a run:\n%s", output).isTrue();
    assertThat(Integer.parseInt(lost.group(1))).as("lost packets:\n%s", output).isZero();
    Matcher totals = TOTALS.matcher(output);
    assertThat(totals.find()).as("totals in:\n%s", output).isTrue();
    int sent = Integer.parseInt(totals.group(1));
    assertThat(sent).isPositive();
    assertThat(Integer.parseInt(totals.group(2))).isEqualTo(sent);
  }

  /** A UDP port p where p+1 is also free, for turnutils_peer and uclient's RTCP peer at p+1. */
  private static int freeUdpPortPair() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (DatagramSocket probe =
          new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        int p = probe.getLocalPort();
        if (p < 65535) {
          try (DatagramSocket next =
              new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p + 1))) {
            return p;
          } catch (IOException taken) {
            // try another pair
          }
        }
      }
    }
    throw new IOException("no free UDP port pair on loopback");
  }
}
