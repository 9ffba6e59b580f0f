package org.medirelay.turn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TURN server as a process of its own ({@link TurnServerMain}, this test class path), with at
 * most {@code openFiles} file descriptors ({@code ulimit -n}), on loopback, UDP and TCP only. Its
 * log (stderr) is read as it comes: lines are counted, the first thousands kept.
 */
final class TurnServerProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("udp=(\\d+) tcp=(\\d+)");
  private static final int KEPT_LINES = 10_000;

  private final Process process;
  private final int udpPort;
  private final int tcpPort;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicLong logLines = new AtomicLong();

  private TurnServerProcess(Process process, int udpPort, int tcpPort) {
    this.process = process;
    this.udpPort = udpPort;
    this.tcpPort = tcpPort;
    CompletableFuture.runAsync(this::readLog);
  }

  /** Starts the server with {@code options} added and waits for its ready line. */
  static TurnServerProcess start(Path dataDir, int openFiles, String options) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command =
        String.join(
            " ",
            "ulimit -n " + openFiles + " && exec",
            java,
            "-cp",
            "'" + System.getProperty("java.class.path") + "'",
            TurnServerMain.class.getName(),
            "--listening-ip 127.0.0.1 --listening-port 0 --no-tls --relay-ip 127.0.0.1",
            "--user alice:wonderland",
            options,
            "--data-dir '" + dataDir + "'");
    Process process = new ProcessBuilder("bash", "-c", command).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    Matcher ready = READY.matcher(line == null ? "" : line);
    if (!ready.find()) {
      // Read what it said before ending it: destroying the process closes its streams.
      String errors =
          line == null
              ? new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
              : "";
      process.destroyForcibly();
      throw new IOException("no ready line from the server: " + line + "\n" + errors);
    }
    return new TurnServerProcess(
        process, Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2)));
  }

  Process process() {
    return process;
  }

  int udpPort() {
    return udpPort;
  }

  int tcpPort() {
    return tcpPort;
  }

  /** Log lines so far that contain all of {@code parts} (among the first kept). */
  long logLines(String... parts) {
    return log.stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).count();
  }

  /** All log lines so far. */
  long logLines() {
    return logLines.get();
  }

  /** User and system CPU time of the process, from /proc/PID/stat (clock ticks of 10 ms). */
  long cpuMillis() throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private void readLog() {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        if (logLines.incrementAndGet() <= KEPT_LINES) {
          log.add(line);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
