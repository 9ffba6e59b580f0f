package org.medirelay.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.ExternalTool;
import tools.jackson.databind.JsonNode;

/**
 * People in a call who are libwebrtc clients rather than browsers, where a 2-core machine cannot
 * run a browser for each: bench/media's {@code participants.mjs} ({@code @roamhq/wrtc}) joins each
 * with its join link's token, publishes synthetic simulcast video and Opus, subscribes to everyone,
 * and reports once a second what each received; a host among them admits whoever waits. Closing
 * makes them leave.
 */
final class LibwebrtcParticipants implements AutoCloseable {

  private static final Path BENCH = ServerProcess.ROOT.resolve("bench").resolve("media");

  /** What one participant had received at one report: per publisher (the node's id) and kind. */
  record Report(long atMillis, Map<String, Received> byName) {}

  /**
   * One participant at one report: its node id, and per stream ({@code publisherId + "/" + kind})
   * the height last decoded, frames decoded, audio samples played and of those concealed.
   */
  record Received(String id, String connectionState, Map<String, Stream> streams) {}

  record Stream(int height, long framesDecoded, long samples, long concealed) {}

  private final Process process;
  private final List<Report> reports = new ArrayList<>();
  private final Thread reader;

  private LibwebrtcParticipants(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "libwebrtc-participants");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Joins a participant for each of {@code joinUrls} (name → join link), all publishing {@code
   * width} × {@code height} camera video at {@code fps} as simulcast, to the node whose signaling
   * is at {@code signalingUrl}. Skips (or, under CI=true, fails) the calling test when Node.js or
   * bench/media's packages are missing.
   */
  static LibwebrtcParticipants join(
      String signalingUrl, Map<String, String> joinUrls, int width, int height, int fps)
      throws IOException {
    Path node = ExternalTool.require("node", "nodejs");
    if (!Files.isDirectory(BENCH.resolve("node_modules").resolve("@roamhq").resolve("wrtc"))) {
      throw ExternalTool.unavailable(
          "bench/media's packages are not installed (npm ci in "
              + BENCH.toAbsolutePath().normalize()
              + "; the e2e build does it where npm is installed)");
    }
    List<Map<String, String>> people = new ArrayList<>();
    String sessionId = null;
    for (Map.Entry<String, String> link : joinUrls.entrySet()) {
      sessionId = AppWithMediaNode.sessionIdOf(link.getValue());
      people.add(Map.of("name", link.getKey(), "token", AppWithMediaNode.tokenOf(link.getValue())));
    }
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("signalingUrl", signalingUrl);
    session.put("sessionId", sessionId);
    // Little noise: the encoder then keeps the frame rate at every layer within its bitrate.
    session.put(
        "video",
        Map.of(
            "width",
            width,
            "height",
            height,
            "fps",
            fps,
            "maxBitrate",
            1_000_000,
            "simulcast",
            true,
            "noise",
            3));
    session.put("participants", people);
    Process process =
        new ProcessBuilder(node.toString(), "participants.mjs")
            .directory(BENCH.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    OutputStream stdin = process.getOutputStream();
    stdin.write(AppApi.JSON.writeValueAsBytes(session));
    stdin.write('\n');
    stdin.flush();
    return new LibwebrtcParticipants(process);
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        Report report = parse(AppApi.JSON.readTree(line));
        synchronized (reports) {
          reports.add(report);
          reports.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; the reports so far stay.
    }
  }

  private static Report parse(JsonNode line) {
    Map<String, Received> byName = new LinkedHashMap<>();
    for (JsonNode p : line.get("participants")) {
      Map<String, Stream> streams = new LinkedHashMap<>();
      for (JsonNode r : p.get("received")) {
        streams.put(
            r.get("from").asString() + "/" + r.get("kind").asString(),
            new Stream(
                r.path("height").asInt(0),
                r.get("framesDecoded").asLong(),
                r.get("samples").asLong(),
                r.get("concealed").asLong()));
      }
      byName.put(
          p.get("name").asString(),
          new Received(p.path("id").asString(""), p.get("connectionState").asString(), streams));
    }
    return new Report(line.get("at").asLong(), byName);
  }

  /** The latest report, waiting up to {@code timeout} for one that satisfies {@code condition}. */
  Report await(Predicate<Report> condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (reports) {
      while (true) {
        if (!reports.isEmpty() && condition.test(latestLocked())) {
          return latestLocked();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive()) {
          throw new AssertionError(
              "libwebrtc participants: "
                  + what
                  + " within "
                  + timeout.toSeconds()
                  + " s; last report: "
                  + (reports.isEmpty() ? "none" : latestLocked()));
        }
        reports.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** The latest report (after waiting for a first one). */
  Report latest() throws InterruptedException {
    return await(r -> true, Duration.ofSeconds(30), "a first report");
  }

  /** The reports made from {@code fromMillis} to {@code toMillis} (epoch milliseconds). */
  List<Report> between(long fromMillis, long toMillis) {
    synchronized (reports) {
      return reports.stream()
          .filter(r -> r.atMillis() >= fromMillis && r.atMillis() <= toMillis)
          .toList();
    }
  }

  private Report latestLocked() {
    return reports.get(reports.size() - 1);
  }

  /** They leave (standard input closes), then the process ends. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> workers = process.descendants().toList();
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
