package org.medirelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium with a fake camera and microphone, and the WebRTC statistics tests read from the call page
 * ({@code window.mediRelayCall.pc}, exposed by {@code call.js}).
 *
 * <p>Flags: headless as root needs {@code --no-sandbox}; background networking is off because this machine's network is
 * closed; loopback candidates are allowed so that test traffic stays on 127.0.0.1.
 */
public final class Browsers {

  private Browsers() {}

  /** Starts a Chromium; skips (or, under CI=true, fails) the calling test when Chromium is not installed. */
  public static ChromeDriver chromium() {
    ExternalTool.require("chromium", "chromium");
    ExternalTool.require("chromedriver", "chromium-driver");
    Path profile;
    try {
      profile = Files.createTempDirectory("mr-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        // Gather a loopback host candidate, so all test traffic stays on 127.0.0.1.
        "--allow-loopback-in-peer-connection",
        "--window-size=800,600");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).build();
    return new ProfileOwningDriver(service, options, profile);
  }

  /** A Chromium that deletes its throw-away profile when it quits, so test runs leave no temp folders behind. */
  private static final class ProfileOwningDriver extends ChromeDriver {
    private final Path profile;

    ProfileOwningDriver(ChromeDriverService service, ChromeOptions options, Path profile) {
      super(service, options);
      this.profile = profile;
    }

    @Override
    public void quit() {
      try {
        super.quit();
      } finally {
        deleteRecursively(profile);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A profile Chromium still holds open is left for the OS's temp cleaning; the test's outcome stands.
    }
  }

  private static final String STATS =
      "const done = arguments[arguments.length - 1];"
          + "const call = window.mediRelayCall;"
          + "if (!call || !call.pc) { done(null); return; }"
          + "call.pc.getStats().then(report => {"
          + "  const out = {framesDecoded: 0, audioPackets: 0, videoFlowing: 0, audioFlowing: 0, pair: null,"
          + "    remoteInboundWithRtt: 0};"
          + "  let pairId = null;"
          + "  report.forEach(s => {"
          + "    if (s.type === 'inbound-rtp' && s.kind === 'video') {"
          + "      out.framesDecoded += s.framesDecoded || 0; if ((s.framesDecoded || 0) > 0) out.videoFlowing++; }"
          + "    if (s.type === 'inbound-rtp' && s.kind === 'audio') {"
          + "      out.audioPackets += s.packetsReceived || 0; if ((s.packetsReceived || 0) > 0) out.audioFlowing++; }"
          + "    if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;"
          + "    if (s.type === 'remote-inbound-rtp' && s.roundTripTime !== undefined) out.remoteInboundWithRtt++;"
          + "  });"
          + "  if (pairId) { const p = report.get(pairId); const r = p && report.get(p.remoteCandidateId);"
          + "    if (r) out.pair = {remoteAddress: r.address, remotePort: r.port, type: r.candidateType}; }"
          + "  done(out);"
          + "}, () => done(null));";

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stats(ChromeDriver driver) {
    Object result = ((JavascriptExecutor) driver).executeAsyncScript(STATS);
    return result == null ? Map.of() : (Map<String, Object>) result;
  }

  public static long flowingStreams(ChromeDriver driver, String kind) {
    Object value = stats(driver).get(kind + "Flowing");
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** Outgoing streams for which the browser got receiver reports with a round-trip time (from the node's RRs). */
  public static long reportedOutgoingStreams(ChromeDriver driver) {
    Object value = stats(driver).get("remoteInboundWithRtt");
    return value == null ? 0 : ((Number) value).longValue();
  }

  public static Map<String, Long> inboundTotals(ChromeDriver driver) {
    Map<String, Object> s = stats(driver);
    return Map.of(
        "framesDecoded", ((Number) s.getOrDefault("framesDecoded", 0)).longValue(),
        "audioPackets", ((Number) s.getOrDefault("audioPackets", 0)).longValue());
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> selectedPair(ChromeDriver driver) {
    Object pair = stats(driver).get("pair");
    if (pair == null) {
      throw new AssertionError("no selected ICE candidate pair");
    }
    return (Map<String, Object>) pair;
  }

  /** Waits until the call page says {@code active}; fails with the page's status text when it says {@code error}. */
  public static void awaitActive(ChromeDriver driver) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> {
          String state = callState(d);
          if ("error".equals(state)) {
            throw new AssertionError("call failed: " + d.findElement(By.id("call-status")).getText());
          }
          return "active".equals(state);
        });
  }

  /** The page's {@code data-call-state}: idle, connecting, active, ended or error. */
  public static String callState(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-call-state");
  }

  /** How many remote participants the page shows. */
  public static long tiles(WebDriver driver) {
    return driver.findElements(By.cssSelector(".mr-tile")).size();
  }

  /**
   * Waits until {@code remotes} remote video streams each decode frames and as many audio streams receive packets, and
   * both counters keep rising over a further second.
   */
  public static void awaitFlowing(ChromeDriver driver, int remotes) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(500))
        .until(d -> flowingStreams(driver, "video") >= remotes && flowingStreams(driver, "audio") >= remotes);
    Map<String, Long> before = inboundTotals(driver);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(500))
        .until(d -> {
          Map<String, Long> now = inboundTotals(driver);
          return now.get("framesDecoded") > before.get("framesDecoded")
              && now.get("audioPackets") > before.get("audioPackets");
        });
  }
}
