package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.stun.StunMessageType;

/**
 * The server as a process with few file descriptors ({@code ulimit -n 96}): a flood of TCP
 * connections uses them up and accept() fails with "Too many open files" for as long as the flood
 * holds them. The listener must back off and log that once per interval, not spin and log every
 * failure; UDP is served meanwhile, and TCP again once the flood is gone.
 */
class AcceptFailureBackoffTest {

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void acceptFailuresBackOffAndAreLoggedOncePerInterval() throws Exception {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/proc/self/stat")), "needs Linux /proc for the process's CPU time");
    List<Socket> flood = new ArrayList<>();
    try (TurnServerProcess server =
        TurnServerProcess.start(dataDir, 96, "--max-connections 0 --max-connections-per-ip 0")) {
      // Once over each transport first: classes load from target/classes one file each, which
      // needs a descriptor (a jar is opened once).
      try (TurnTestClient udp = udpClient(server)) {
        udp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING));
      }
      assertThat(tcpBinding(server)).isEqualTo(StunMessageType.SUCCESS);

      for (int i = 0; i < 150; i++) {
        Socket socket = new Socket();
        socket.connect(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), server.tcpPort()), 2000);
        flood.add(socket);
      }
      Thread.sleep(500); // accept() has run out of descriptors by now
      long cpuBefore = server.cpuMillis();
      Thread.sleep(3000);
      long cpuDuringFailures = server.cpuMillis() - cpuBefore;
      long aboutIt = server.logLines("accept", "failed");
      System.out.printf(
          "3 s of failing accepts: %d ms of CPU, %d lines about it (%d log lines in all)%n",
          cpuDuringFailures, aboutIt, server.logLines());

      assertThat(aboutIt).isEqualTo(1);
      assertThat(cpuDuringFailures).isLessThan(600);
      try (TurnTestClient udp = udpClient(server)) {
        assertThat(udp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING)).messageClass())
            .isEqualTo(StunMessageType.SUCCESS);
      }

      for (Socket socket : flood) {
        socket.close();
      }
      Thread.sleep(1500); // the server sees them close; accepting has resumed
      assertThat(tcpBinding(server)).isEqualTo(StunMessageType.SUCCESS);
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
    }
  }

  private static TurnTestClient udpClient(TurnServerProcess server) throws IOException {
    return new TurnTestClient(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()),
        "alice",
        "wonderland");
  }

  /** The class of the answer to a Binding over a new TCP connection. */
  private static int tcpBinding(TurnServerProcess server) throws IOException {
    try (TurnTestClient tcp =
        TurnTestClient.overStream(
            new Socket(InetAddress.getLoopbackAddress(), server.tcpPort()),
            "alice",
            "wonderland")) {
      return tcp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING)).messageClass();
    }
  }
}
