package org.medirelay.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Chromium as GUIDE.md prescribes, and the WebRTC stats the tests read from the call page. */
final class Browsers {

  private Browsers() {}

  static ChromeDriver chromium() {
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
    return new ChromeDriver(service, options);
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

  static long flowingStreams(ChromeDriver driver, String kind) {
    Object value = stats(driver).get(kind + "Flowing");
    return value == null ? 0 : ((Number) value).longValue();
  }

  /** Outgoing streams for which the browser got receiver reports with a round-trip time (from the node's RRs). */
  static long reportedOutgoingStreams(ChromeDriver driver) {
    Object value = stats(driver).get("remoteInboundWithRtt");
    return value == null ? 0 : ((Number) value).longValue();
  }

  static Map<String, Long> inboundTotals(ChromeDriver driver) {
    Map<String, Object> s = stats(driver);
    return Map.of(
        "framesDecoded", ((Number) s.getOrDefault("framesDecoded", 0)).longValue(),
        "audioPackets", ((Number) s.getOrDefault("audioPackets", 0)).longValue());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> selectedPair(ChromeDriver driver) {
    Object pair = stats(driver).get("pair");
    if (pair == null) {
      throw new AssertionError("no selected ICE candidate pair");
    }
    return (Map<String, Object>) pair;
  }
}
