package org.medirelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import tools.jackson.databind.JsonNode;

/**
 * Records a call page's WebRTC statistics once a second, for {@link CallStats}: {@link #install}
 * puts a script into the page before its own scripts run (DevTools {@code
 * Page.addScriptToEvaluateOnNewDocument}) that wraps {@code RTCPeerConnection}, so it reaches every
 * connection the page makes, and reads the newest open one's {@code getStats()} every second into
 * the page's memory; {@link #collect()} fetches what was read since the last time. Install before
 * the page is opened.
 */
public final class CallStatsRecorder {

  /** The statistics script, which {@link FirefoxParticipant} installs into Firefox too. */
  static final String SCRIPT = readScript();

  private final ChromeDriver driver;
  private final List<CallSample> samples = new ArrayList<>();

  private CallStatsRecorder(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Installs the recording script into every page {@code driver} opens from now on. */
  public static CallStatsRecorder install(ChromeDriver driver) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", SCRIPT));
    return new CallStatsRecorder(driver);
  }

  /** Fetches the samples the page took since the last call; returns all collected so far. */
  public synchronized CallStats collect() {
    Object json =
        driver.executeScript(
            "return window.mediRelayCallStats ? window.mediRelayCallStats.take() : '[]';");
    for (JsonNode node : AppApi.JSON.readTree((String) json)) {
      samples.add(parse(node));
    }
    return stats();
  }

  /** What was collected so far, without asking the page. */
  public synchronized CallStats stats() {
    return new CallStats(List.copyOf(samples));
  }

  static CallSample parse(JsonNode s) {
    JsonNode v = s.path("videoIn");
    JsonNode a = s.path("audioIn");
    JsonNode o = s.path("videoOut");
    return new CallSample(
        s.path("at").asLong(),
        new CallSample.VideoIn(
            v.path("framesDecoded").asLong(),
            rate(v.path("framesPerSecond")),
            v.path("width").asInt(),
            v.path("height").asInt(),
            v.path("freezeCount").asLong(),
            v.path("totalFreezesDuration").asDouble(),
            v.path("bytesReceived").asLong(),
            v.path("packetsReceived").asLong(),
            v.path("packetsLost").asLong()),
        new CallSample.AudioIn(
            a.path("concealedSamples").asLong(),
            a.path("totalSamplesReceived").asLong(),
            a.path("packetsReceived").asLong(),
            a.path("packetsLost").asLong()),
        new CallSample.VideoOut(
            o.path("bytesSent").asLong(),
            o.path("width").asInt(),
            o.path("height").asInt(),
            rate(o.path("framesPerSecond")),
            rate(o.path("targetBitrate")),
            o.path("qualityLimitationReason").asString("")),
        rate(s.path("roundTripTime")),
        rate(s.path("availableOutgoingBitrate")));
  }

  private static double rate(JsonNode node) {
    return node.isNumber() ? node.asDouble() : Double.NaN;
  }

  private static String readScript() {
    try (InputStream in = CallStatsRecorder.class.getResourceAsStream("call-stats.js")) {
      if (in == null) {
        throw new IllegalStateException("call-stats.js is missing from the testkit jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
