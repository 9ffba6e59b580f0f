package org.medirelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium with a fake camera and microphone, and the WebRTC statistics tests read from
 * the call page ({@code window.mediRelayCall.pc}, exposed by {@code call.js}).
 *
 * <p>Flags: headless as root needs {@code --no-sandbox}; background networking is off because this
 * machine's network is closed; loopback candidates are allowed so that test traffic stays on
 * 127.0.0.1. {@link #chromiumIn} runs the same Chromium inside a {@link NetworkNamespace}, for
 * clients behind a firewall.
 */
public final class Browsers {

  private Browsers() {}

  private static final String CHROMIUM = "/usr/bin/chromium";

  /**
   * Starts a Chromium, with {@code extraArguments} after the usual flags; skips (or, under CI=true,
   * fails) the calling test when Chromium is not installed.
   */
  public static ChromeDriver chromium(String... extraArguments) {
    requireChromium();
    Path profile = temporaryDirectory("mr-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(arguments(profile));
    options.addArguments(extraArguments);
    return new DisposableChromium(options, () -> Folders.deleteQuietly(profile));
  }

  /**
   * Starts a Chromium whose network is {@code namespace}'s (its firewall, its routes) and drives it
   * from here, through its DevTools port forwarded out of the namespace over its control link:
   * chromedriver runs on this side and attaches to it. Same flags as {@link #chromium(String...)},
   * plus {@code extraArguments}. Quitting the driver stops Chromium and deletes its profile.
   */
  public static ChromeDriver chromiumIn(NetworkNamespace namespace, String... extraArguments) {
    requireChromium();
    Path home = temporaryDirectory("mr-chromium-ns");
    Path profile = home.resolve("profile");
    Path log = home.resolve("chromium.log");
    List<String> command = new ArrayList<>(List.of(CHROMIUM));
    command.addAll(arguments(profile));
    // Port 0: Chromium picks a free one and writes it to DevToolsActivePort in the profile.
    command.add("--remote-debugging-port=0");
    command.addAll(List.of(extraArguments));
    command.add("about:blank");
    Process process;
    try {
      process =
          new ProcessBuilder(namespace.command(command))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      Folders.deleteQuietly(home);
      throw new UncheckedIOException(e);
    }
    Runnable stop =
        () -> {
          stopWithChildren(process);
          Folders.deleteQuietly(home);
        };
    try {
      int port = awaitDevToolsPort(profile, process, log);
      namespace.forwardToLoopback(port);
      ChromeOptions options = new ChromeOptions();
      options.setExperimentalOption(
          "debuggerAddress", namespace.controlAddress().getHostAddress() + ":" + port);
      return new DisposableChromium(options, stop);
    } catch (RuntimeException | Error e) {
      stop.run();
      throw e;
    }
  }

  private static void requireChromium() {
    ExternalTool.require("chromium", "chromium");
    ExternalTool.require("chromedriver", "chromium-driver");
  }

  /** The flags every test Chromium runs with; see the class comment for why. */
  private static List<String> arguments(Path profile) {
    return List.of(
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
        // A screen share (getDisplayMedia) takes the whole (virtual) screen without a picker.
        "--auto-select-desktop-capture-source=Entire screen",
        "--autoplay-policy=no-user-gesture-required",
        // Gather a loopback host candidate, so all test traffic stays on 127.0.0.1.
        "--allow-loopback-in-peer-connection",
        "--window-size=800,600");
  }

  private static int awaitDevToolsPort(Path profile, Process process, Path log) {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Chromium exited with " + process.exitValue() + ":\n" + read(log));
      }
      try {
        List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).strip());
        }
        Thread.sleep(100);
      } catch (IOException notWrittenYet) {
        // Chromium is still writing the file
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "Chromium did not open its DevTools port within 30 s:\n" + read(log));
  }

  /**
   * Stops Chromium and the processes it started (renderers, GPU, network service), which outlive it
   * if killed.
   */
  private static void stopWithChildren(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * A Chromium that cleans up after itself when it quits (profile, and the browser process if
   * started here).
   */
  private static final class DisposableChromium extends ChromeDriver {
    private final Runnable cleanup;

    DisposableChromium(ChromeOptions options, Runnable cleanup) {
      super(
          new ChromeDriverService.Builder()
              .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
              .build(),
          options);
      this.cleanup = cleanup;
    }

    @Override
    public void quit() {
      try {
        super.quit();
      } finally {
        cleanup.run();
      }
    }
  }

  private static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
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
          + "    const l = p && report.get(p.localCandidateId);"
          + "    if (r) out.pair = {remoteAddress: r.address, remotePort: r.port, type: r.candidateType,"
          + "      localType: l && l.candidateType, relayProtocol: l && l.relayProtocol}; }"
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

  /**
   * Outgoing streams for which the browser got receiver reports with a round-trip time (from the
   * node's RRs).
   */
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

  /**
   * The selected ICE candidate pair: the remote candidate's {@code remoteAddress}, {@code
   * remotePort} and {@code type}, the local candidate's {@code localType} and, for a relay
   * candidate, {@code relayProtocol} (how the browser reaches its TURN server: udp, tcp or tls).
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> selectedPair(ChromeDriver driver) {
    // Media can flow a moment before the transport's stats name the pair it flows on (seen once
    // in CI, through TURN over TLS on a loaded machine): the pair is waited for, not sampled once.
    AtomicReference<Map<String, Object>> last = new AtomicReference<>();
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(
              d -> {
                last.set(stats(driver));
                return last.get() == null ? null : (Map<String, Object>) last.get().get("pair");
              });
    } catch (TimeoutException e) {
      throw new AssertionError(
          "no selected ICE candidate pair within 10 s; stats: " + last.get(), e);
    }
  }

  /**
   * Waits until the call page says {@code active}; fails with the page's status text when it says
   * {@code error}.
   */
  public static void awaitActive(ChromeDriver driver) {
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d -> {
              String state = callState(d);
              if ("error".equals(state)) {
                throw new AssertionError(
                    "call failed: " + d.findElement(By.id("call-status")).getText());
              }
              return "active".equals(state);
            });
  }

  /**
   * Passes the join page's device check: waits for its Join button (enabled once the camera and
   * microphone opened, or failed) and presses it.
   */
  public static void pressJoin(WebDriver driver) {
    By join = By.cssSelector("[data-action='join']");
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .withMessage("the device check's Join button")
        .until(d -> d.findElements(join).stream().anyMatch(WebElement::isEnabled));
    driver.findElement(join).click();
  }

  /**
   * Lets people in from a host's page: waits until {@code count} wait in its list and presses each
   * one's Admit button.
   */
  public static void admitWaiting(WebDriver host, int count) {
    By admit = By.cssSelector("[data-participant-id] [data-action='admit']");
    new WebDriverWait(host, Duration.ofSeconds(20))
        .withMessage(count + " waiting in the host's list")
        .until(d -> d.findElements(admit).size() >= count);
    host.findElements(admit).forEach(WebElement::click);
  }

  /**
   * The page's {@code data-call-state}: prejoin, waiting, connecting, active, ended or error (idle
   * before the page's script ran).
   */
  public static String callState(WebDriver driver) {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-call-state");
  }

  /** How many remote participants the page shows. */
  public static long tiles(WebDriver driver) {
    return driver.findElements(By.cssSelector(".mr-tile")).size();
  }

  /**
   * Waits until {@code remotes} remote video streams each decode frames and as many audio streams
   * receive packets, and both counters keep rising over a further second.
   */
  public static void awaitFlowing(ChromeDriver driver, int remotes) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(500))
        .withMessage(
            () ->
                "media from "
                    + remotes
                    + " remote(s) flowing; now "
                    + flowingStreams(driver, "video")
                    + " video and "
                    + flowingStreams(driver, "audio")
                    + " audio stream(s)")
        .until(
            d ->
                flowingStreams(driver, "video") >= remotes
                    && flowingStreams(driver, "audio") >= remotes);
    Map<String, Long> before = inboundTotals(driver);
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .pollingEvery(Duration.ofMillis(500))
        .until(
            d -> {
              Map<String, Long> now = inboundTotals(driver);
              return now.get("framesDecoded") > before.get("framesDecoded")
                  && now.get("audioPackets") > before.get("audioPackets");
            });
  }
}
