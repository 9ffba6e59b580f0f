package org.medirelay.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.turn.stun.StunMessageType;

/**
 * The server as a process with few file descriptors ({@code ulimit -n 96}): a flood of TCP
 * connections uses them up and accept() fails with "Too many open files" for as long as the flood
 * holds them. The listener must back off and log that once per interval, not spin and log every
 * failure; UDP is served meanwhile, and TCP again once the flood is gone.
 */
class AcceptFailureBackoffTest {

  private static final Pattern READY = Pattern.compile("udp=(\\d+) tcp=(\\d+)");

  @TempDir Path dataDir;

  @Test
  void acceptFailuresBackOffAndAreLoggedOncePerInterval() throws Exception {
    Path stat = Path.of("/proc/self/stat");
    Assumptions.assumeTrue(Files.exists(stat), "needs Linux /proc for the process's CPU time");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        String.join(
            " ",
            "ulimit -n 96 && exec",
            java,
            "-cp",
            "'" + System.getProperty("java.class.path") + "'",
            TurnServerMain.class.getName(),
            "--listening-ip 127.0.0.1 --listening-port 0 --no-tls --relay-ip 127.0.0.1",
            "--user alice:wonderland --max-connections 0 --max-connections-per-ip 0",
            "--data-dir '" + dataDir + "'");
    Process server = new ProcessBuilder("bash", "-c", command).start();
    List<Socket> flood = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      Matcher ready = READY.matcher(out.readLine());
      assertThat(ready.find()).as("the server's ready line").isTrue();
      int udpPort = Integer.parseInt(ready.group(1));
      int tcpPort = Integer.parseInt(ready.group(2));
      AtomicLong acceptFailureLines = new AtomicLong();
      AtomicLong logLines = new AtomicLong();
      CompletableFuture.runAsync(() -> countLines(server, acceptFailureLines, logLines));

      // Once over each transport first: classes load from target/classes one file each, which
      // needs a descriptor (a jar is opened once).
      try (TurnTestClient udp = udpClient(udpPort)) {
        udp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING));
      }
      assertThat(tcpBinding(tcpPort)).isEqualTo(StunMessageType.SUCCESS);

      for (int i = 0; i < 150; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 2000);
        flood.add(socket);
      }
      Thread.sleep(500); // accept() has run out of descriptors by now
      long cpuBefore = cpuMillis(server.pid());
      Thread.sleep(3000);
      long cpuDuringFailures = cpuMillis(server.pid()) - cpuBefore;
      System.out.printf(
          "3 s of failing accepts: %d ms of CPU, %d lines about it (%d log lines in all)%n",
          cpuDuringFailures, acceptFailureLines.get(), logLines.get());

      assertThat(acceptFailureLines.get()).isEqualTo(1);
      assertThat(cpuDuringFailures).isLessThan(600);
      try (TurnTestClient udp = udpClient(udpPort)) {
        assertThat(udp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING)).messageClass())
            .isEqualTo(StunMessageType.SUCCESS);
      }

      for (Socket socket : flood) {
        socket.close();
      }
      flood.clear();
      Thread.sleep(1500); // the server sees them close; accepting has resumed
      assertThat(tcpBinding(tcpPort)).isEqualTo(StunMessageType.SUCCESS);
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static TurnTestClient udpClient(int port) throws IOException {
    return new TurnTestClient(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "alice", "wonderland");
  }

  /** The class of the answer to a Binding over a new TCP connection. */
  private static int tcpBinding(int port) throws IOException {
    try (TurnTestClient tcp =
        TurnTestClient.overStream(
            new Socket(InetAddress.getLoopbackAddress(), port), "alice", "wonderland")) {
      return tcp.exchange(TurnTestClient.unsigned(StunMessageType.BINDING)).messageClass();
    }
  }

  /** Counts the server's log lines about failed accepts, and all of them. */
  private static void countLines(Process server, AtomicLong acceptFailures, AtomicLong all) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        all.incrementAndGet();
        if (line.contains("accept") && line.contains("failed")) {
          acceptFailures.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // The server ended.
    }
  }

  /** User and system CPU time of a process, from /proc/PID/stat (clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }
}
