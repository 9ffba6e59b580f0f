package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.CallStatsRecorder;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.ExternalTool;
import org.medirelay.token.Grant;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Chromium, receiving through the node, answers the node's transport-wide numbering with
 * transport-cc feedback that the node accepts, every packet of it, and on loopback the estimate of
 * its downlink climbs above what it receives. The estimate is read where an operator reads it: the
 * node's log, at level FINE.
 */
class DownlinkEstimateBrowserTest {

  private static final String SESSION = "sess-estimate";
  private static final Pattern ESTIMATE =
      Pattern.compile("^(\\S+): downlink estimate (\\d+) kbit/s");

  /** Held, so the logger (weakly referenced by the log manager) keeps the level set here. */
  private final Logger estimateLog = Logger.getLogger(DownlinkEstimate.class.getName());

  /** The last estimate logged for each participant id, in kbit/s. */
  private final Map<String, Long> logged = new ConcurrentHashMap<>();

  /** The last line logged for each participant id. */
  private final Map<String, String> lines = new ConcurrentHashMap<>();

  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          Matcher m = ESTIMATE.matcher(record.getMessage());
          if (m.find()) {
            logged.put(m.group(1), Long.parseLong(m.group(2)));
            lines.put(m.group(1), record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private TestIssuer issuer;
  private MediaNode node;
  private ChromeDriver alice;
  private ChromeDriver bob;

  @BeforeEach
  void start() throws Exception {
    ExternalTool.require("chromium", "chromium");
    ExternalTool.require("chromedriver", "chromium-driver");
    estimateLog.setLevel(Level.FINE);
    estimateLog.addHandler(capture);
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer);
  }

  @AfterEach
  void stop() {
    for (ChromeDriver browser : new ChromeDriver[] {alice, bob}) {
      if (browser != null) {
        browser.quit();
      }
    }
    if (node != null) {
      node.close();
    }
    if (issuer != null) {
      issuer.close();
    }
    estimateLog.removeHandler(capture);
    estimateLog.setLevel(null);
  }

  @Test
  void chromiumsFeedbackIsAcceptedAndTheLoopbackEstimateExceedsWhatItReceives() throws Exception {
    alice = Browsers.chromium();
    bob = Browsers.chromium();
    CallStatsRecorder bobReceives = CallStatsRecorder.install(bob);
    alice.get(issuer.joinUrl(SESSION, token("Alice"), node.signalingUrl()));
    bob.get(issuer.joinUrl(SESSION, token("Bob"), node.signalingUrl()));
    Browsers.pressJoin(alice);
    Browsers.pressJoin(bob);
    Browsers.awaitActive(alice);
    Browsers.awaitActive(bob);
    Browsers.awaitFlowing(bob, 1);

    long from = System.currentTimeMillis();
    Thread.sleep(12_000);
    long to = System.currentTimeMillis();
    Thread.sleep(1_200); // the sample at or after the window's end
    CallWindow received = bobReceives.collect().window(from, to);
    String bobId =
        alice
            .findElement(By.cssSelector(".mr-tile[data-participant-id]"))
            .getDomAttribute("data-participant-id");

    MediaMetrics metrics = node.metrics();
    System.out.printf(
        "transport-cc feedback accepted %.0f; Bob receives %s; the node logs %s%n",
        metrics.transportCcFeedbackAccepted.count(), received, lines.values());
    assertThat(metrics.transportCcFeedbackAccepted.count()).isGreaterThan(50);
    assertThat(
            List.of(
                metrics.transportCcFeedbackMalformed.count(),
                metrics.transportCcFeedbackOutOfRange.count(),
                metrics.transportCcFeedbackImplausible.count(),
                metrics.transportCcFeedbackFlood.count()))
        .as("feedback refused (malformed, range, implausible, flood)")
        .containsOnly(0.0);
    assertThat(received.videoKbps()).as("Bob receives Alice's video: %s", received).isPositive();
    assertThat(logged).containsKey(bobId);
    assertThat((double) logged.get(bobId))
        .as("Bob's downlink estimate, kbit/s, against what he receives: %s", received)
        .isGreaterThan(received.videoKbps());
  }

  private String token(String name) {
    return issuer.token(SESSION, name, EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE));
  }
}
