package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.ExternalTool;
import org.medirelay.token.Grant;
import org.medirelay.token.InvalidJoinTokenException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real browsers through the real node: headless Chromium pages with fake camera and microphone join
 * one session via the join-page contract and call.js, and exchange audio and video through the
 * media node only.
 */
class TwoBrowserCallTest {

  private static final String SESSION = "sess-browser";

  /**
   * Headless Chromium's fake screen is 800×450, which a page sends unscaled (its 1280×720 camera
   * goes as simulcast layers of 320, 640 and 1280 pixels).
   */
  private static final int SCREEN_WIDTH = 800;

  private static final Set<Grant> PUBLISH_SUBSCRIBE = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

  /** Before the page's scripts: every audio transceiver answers without RED. */
  private static final String REFUSE_RED =
      "const createAnswer = RTCPeerConnection.prototype.createAnswer;"
          + "RTCPeerConnection.prototype.createAnswer = function (...args) {"
          + "  const codecs = RTCRtpReceiver.getCapabilities('audio').codecs"
          + "    .filter(c => c.mimeType.toLowerCase() !== 'audio/red');"
          + "  this.getTransceivers().filter(t => t.receiver.track.kind === 'audio')"
          + "    .forEach(t => t.setCodecPreferences(codecs));"
          + "  return createAnswer.apply(this, args);"
          + "};";

  /** Each audio stream the page receives: its SSRC, and the samples played and concealed so far. */
  private static final String AUDIO_STATS =
      "const done = arguments[arguments.length - 1];"
          + "const call = window.mediRelayCall;"
          + "if (!call || !call.pc) { done(null); return; }"
          + "call.pc.getStats().then(report => {"
          + "  const out = [];"
          + "  report.forEach(s => {"
          + "    if (s.type === 'inbound-rtp' && s.kind === 'audio') out.push({"
          + "      ssrc: s.ssrc, samples: s.totalSamplesReceived || 0,"
          + "      concealed: s.concealedSamples || 0});"
          + "  });"
          + "  done(out);"
          + "}, () => done(null));";

  private TestIssuer issuer;
  private MediaNode node;
  private final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ExternalTool.require("chromium", "chromium");
    ExternalTool.require("chromedriver", "chromium-driver");
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer);
  }

  @AfterEach
  void stop() {
    browsers.forEach(ChromeDriver::quit);
    if (node != null) {
      node.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  /** Whether the call page's toggle button {@code id} is pressed (aria-pressed). */
  private static boolean pressed(WebDriver page, String id) {
    return "true".equals(page.findElement(By.id(id)).getDomAttribute("aria-pressed"));
  }

  /** The tile another page shows for Alice. */
  private static WebElement aliceTile(WebDriver page) {
    return page.findElements(By.cssSelector(".mr-tile")).stream()
        .filter(tile -> tile.findElement(By.tagName("figcaption")).getText().startsWith("Alice"))
        .findFirst()
        .orElseThrow();
  }

  /** The width of the picture Alice's tile plays (0 before the first frame). */
  private static int widthOfAlice(WebDriver page) {
    WebElement video = aliceTile(page).findElement(By.tagName("video"));
    return Integer.parseInt(video.getDomProperty("videoWidth"));
  }

  @Test
  void twoThenThreeParticipantsSeeAndHearEachOtherThroughTheNode() throws Exception {
    ChromeDriver alice = join("Alice");
    ChromeDriver bob = join("Bob");
    Browsers.awaitActive(alice);
    Browsers.awaitActive(bob);

    Browsers.awaitFlowing(alice, 1);
    Browsers.awaitFlowing(bob, 1);
    assertSelectedPairIsTheNode(alice);
    assertSelectedPairIsTheNode(bob);
    // The page shows how long the call has lasted and how the connection is doing (loopback: good).
    new WebDriverWait(alice, Duration.ofSeconds(10))
        .until(d -> d.findElement(By.id("call-timer")).getText().matches("0:0[2-9]|0:[1-5][0-9]"));
    new WebDriverWait(alice, Duration.ofSeconds(10))
        .until(
            d ->
                "good"
                    .equals(d.findElement(By.id("call-quality")).getDomAttribute("data-quality")));
    // Chat beside the video: what Alice types reaches Bob as text, never as markup.
    alice.findElement(By.id("toggle-chat")).click();
    alice.findElement(By.id("chat-input")).sendKeys("Hello <b>Bob</b>\n");
    new WebDriverWait(bob, Duration.ofSeconds(10))
        .until(
            d ->
                d.findElement(By.id("chat-messages"))
                    .getDomProperty("textContent")
                    .contains("Alice: Hello <b>Bob</b>"));
    assertThat(bob.findElement(By.id("toggle-chat")).getText()).isEqualTo("Chat •");
    // Alice turns her camera off and mutes: Bob sees her initials instead of a black picture, and
    // "muted".
    alice.findElement(By.id("toggle-video")).click();
    alice.findElement(By.id("toggle-audio")).click();
    new WebDriverWait(bob, Duration.ofSeconds(10))
        .until(
            d ->
                "off".equals(aliceTile(d).getDomAttribute("data-video"))
                    && "off".equals(aliceTile(d).getDomAttribute("data-audio")));
    assertThat(aliceTile(bob).findElement(By.className("mr-avatar")).isDisplayed()).isTrue();
    assertThat(aliceTile(bob).findElement(By.className("mr-avatar")).getText()).isEqualTo("A");
    assertThat(aliceTile(bob).findElement(By.tagName("figcaption")).getText())
        .isEqualTo("Alice (muted)");
    // Alice's buttons say she is muted and her camera is off: pressed, and in words on the call.
    assertThat(pressed(alice, "toggle-audio")).isTrue();
    assertThat(pressed(alice, "toggle-video")).isTrue();
    assertThat(alice.findElement(By.id("self-state")).getText())
        .contains("You are muted", "Camera off");
    alice.findElement(By.id("toggle-video")).click();
    alice.findElement(By.id("toggle-audio")).click();
    new WebDriverWait(bob, Duration.ofSeconds(10))
        .until(
            d ->
                "on".equals(aliceTile(d).getDomAttribute("data-video"))
                    && "on".equals(aliceTile(d).getDomAttribute("data-audio")));
    assertThat(aliceTile(bob).findElement(By.className("mr-avatar")).isDisplayed()).isFalse();
    // The call fills the screen on request, controls included, and returns.
    bob.findElement(By.id("toggle-fullscreen")).click();
    new WebDriverWait(bob, Duration.ofSeconds(5)).until(d -> pressed(d, "toggle-fullscreen"));
    assertThat(
            bob.executeScript(
                "return !!document.fullscreenElement && document.fullscreenElement.classList.contains('mr-call')"))
        .isEqualTo(true);
    bob.findElement(By.id("toggle-fullscreen")).click();
    new WebDriverWait(bob, Duration.ofSeconds(5)).until(d -> !pressed(d, "toggle-fullscreen"));
    // On a phone-sized screen every control, Leave included, stays on screen.
    bob.manage().window().setSize(new Dimension(360, 740));
    new WebDriverWait(bob, Duration.ofSeconds(5))
        .until(
            d ->
                (Boolean)
                    ((JavascriptExecutor) d)
                        .executeScript(
                            "return window.innerWidth <= 400"
                                + " && Array.from(document.querySelectorAll('.mr-controls button'))"
                                + ".filter(b => !b.hidden).every(b => { const r = b.getBoundingClientRect();"
                                + " return r.left >= 0 && r.right <= window.innerWidth && r.width >= 44; });"));
    bob.manage().window().setSize(new Dimension(800, 600));
    // Alice shares her screen in place of her camera: Bob's tile shows it, at the screen's own
    // size (sent unscaled, as one layer).
    alice.findElement(By.id("toggle-screen")).click();
    new WebDriverWait(bob, Duration.ofSeconds(10))
        .until(d -> "on".equals(aliceTile(d).getDomAttribute("data-screen")));
    new WebDriverWait(bob, Duration.ofSeconds(20)).until(d -> widthOfAlice(d) == SCREEN_WIDTH);
    assertThat(pressed(alice, "toggle-screen")).isTrue();
    alice.findElement(By.id("toggle-screen")).click();
    new WebDriverWait(bob, Duration.ofSeconds(10))
        .until(d -> "off".equals(aliceTile(d).getDomAttribute("data-screen")));
    new WebDriverWait(bob, Duration.ofSeconds(20)).until(d -> widthOfAlice(d) != SCREEN_WIDTH);

    // Garbage and unknown-ufrag STUN on the media port while the call runs: dropped, counted, call
    // undisturbed.
    try (UdpNoise noise = new UdpNoise(node.udpPort())) {
      noise.blast(30);
    }
    Browsers.awaitFlowing(alice, 1);
    Browsers.awaitFlowing(bob, 1);
    assertThat(node.metrics().scrape())
        .containsPattern("medirelay_media_ice_unknown_ufrag_total [1-9]");
    assertThat(node.metrics().scrape())
        .containsPattern("medirelay_media_rtp_forwarded_total [1-9]");
    assertThat(node.metrics().scrape())
        .containsPattern("medirelay_media_rtcp_keyframe_requests_total [1-9]");
    // The node's receiver reports reach the publisher: its outgoing audio and video get
    // loss/jitter/RTT stats.
    new WebDriverWait(alice, Duration.ofSeconds(10))
        .until(d -> Browsers.reportedOutgoingStreams(alice) >= 2);

    ChromeDriver carol = join("Carol");
    Browsers.awaitActive(carol);
    Browsers.awaitFlowing(alice, 2);
    Browsers.awaitFlowing(bob, 2);
    Browsers.awaitFlowing(carol, 2);
    assertThat(Browsers.tiles(carol)).isEqualTo(2);

    carol.findElement(By.id("leave")).click();
    assertThat(carol.findElement(By.tagName("body")).getDomAttribute("data-call-state"))
        .isEqualTo("ended");
    new WebDriverWait(alice, Duration.ofSeconds(10)).until(d -> Browsers.tiles(alice) == 1);
    new WebDriverWait(bob, Duration.ofSeconds(10)).until(d -> Browsers.tiles(bob) == 1);
    Browsers.awaitFlowing(alice, 1);
    Browsers.awaitFlowing(bob, 1);

    // Carol rejoins (as after a dropped connection): her new streams take over the m-sections she
    // left behind.
    carol.quit();
    browsers.remove(carol);
    ChromeDriver carolAgain = join("Carol");
    Browsers.awaitActive(carolAgain);
    Browsers.awaitFlowing(carolAgain, 2);
    new WebDriverWait(alice, Duration.ofSeconds(15))
        .until(d -> Browsers.tiles(alice) == 2 && playing(alice) == 2);
    new WebDriverWait(bob, Duration.ofSeconds(15))
        .until(d -> Browsers.tiles(bob) == 2 && playing(bob) == 2);
    Browsers.awaitFlowing(alice, 2);

    // Alice hosts (her token has the end grant): she ends the call for everyone, with a confirming
    // second click.
    assertThat(bob.findElement(By.id("end-for-all")).isDisplayed()).isFalse();
    WebElement end = alice.findElement(By.id("end-for-all"));
    end.click();
    assertThat(end.getText()).isEqualTo("Click again to end");
    assertThat(Browsers.callState(bob)).isEqualTo("active");
    end.click();
    for (ChromeDriver page : List.of(alice, bob, carolAgain)) {
      new WebDriverWait(page, Duration.ofSeconds(10))
          .until(d -> "ended".equals(Browsers.callState(d)));
      assertThat(page.findElement(By.id("call-status")).getText())
          .isEqualTo("Alice ended the call.");
    }
  }

  /**
   * Tiles whose video element has a live stream with frames (the page really shows that
   * participant).
   */
  private static long playing(ChromeDriver driver) {
    Object n =
        ((JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.querySelectorAll('.mr-tile video'))"
                    + ".filter(v => v.srcObject && v.videoWidth > 0"
                    + " && v.srcObject.getVideoTracks().some(t => t.readyState === 'live')).length;");
    return ((Number) n).longValue();
  }

  @Test
  void expiredLinkShowsTheReasonAndEndsInErrorState() {
    String expired =
        issuer.token(
            SESSION, "Late", PUBLISH_SUBSCRIBE, Instant.now().minus(Duration.ofMinutes(1)));
    ChromeDriver driver = Browsers.chromium();
    browsers.add(driver);
    driver.get(issuer.joinUrl(SESSION, expired, node.signalingUrl()));
    Browsers.pressJoin(driver);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d ->
                "error"
                    .equals(d.findElement(By.tagName("body")).getDomAttribute("data-call-state")));
    assertThat(driver.findElement(By.id("call-status")).getText())
        .isEqualTo(InvalidJoinTokenException.Reason.EXPIRED.userMessage());
    assertThat(driver.findElement(By.id("call-status")).getDomAttribute("role")).isEqualTo("alert");
    // Not a dead end: the error screen says what happened and offers the link again.
    assertThat(driver.findElement(By.cssSelector(".mr-ended[data-ending='failed'] h1")).getText())
        .isEqualTo("You could not join the call");
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(
            d -> d.findElement(By.cssSelector(".mr-ended [data-action='rejoin']")).isDisplayed());
  }

  /**
   * The node restarts under a call (a crash, a deploy): both pages notice, reconnect by themselves
   * and flow again.
   */
  @Test
  void aCallResumesByItselfAfterTheMediaNodeRestarts() throws Exception {
    node.close();
    Map<String, String> fixedPorts;
    try (ServerSocket tcp = new ServerSocket(0);
        DatagramSocket udp = new DatagramSocket(0)) {
      fixedPorts =
          Map.of(
              "MEDIA_SIGNALING_PORT",
              "" + tcp.getLocalPort(),
              "MEDIA_UDP_PORT",
              "" + udp.getLocalPort());
    }
    node = TestNodes.start(issuer, fixedPorts);
    ChromeDriver alice = join("Alice");
    ChromeDriver bob = join("Bob");
    Browsers.awaitActive(alice);
    Browsers.awaitActive(bob);
    Browsers.awaitFlowing(alice, 1);

    node.close();
    for (ChromeDriver page : List.of(alice, bob)) {
      new WebDriverWait(page, Duration.ofSeconds(10))
          .until(d -> d.findElement(By.id("call-status")).getText().contains("Reconnecting"));
      assertThat(Browsers.callState(page)).isEqualTo("reconnecting");
    }
    node = TestNodes.start(issuer, fixedPorts);

    Browsers.awaitActive(alice);
    Browsers.awaitActive(bob);
    Browsers.awaitFlowing(alice, 1);
    Browsers.awaitFlowing(bob, 1);
    assertThat(Browsers.tiles(alice)).isEqualTo(1);
    assertThat(Browsers.tiles(bob)).isEqualTo(1);
    assertSelectedPairIsTheNode(alice);
  }

  /**
   * Audio redundancy (RFC 2198 RED) with adaptation on (the default), three pages: Alice and Bob
   * take RED as the node offers it; Carol's page refuses it (its audio transceivers prefer every
   * codec but RED, as a browser without RED answers). So Alice and Bob publish RED and Carol plain
   * Opus; Bob gets Alice's RED as it is, Carol gets both as plain Opus (the node's RedToOpus), and
   * every page plays what it gets without concealing it.
   */
  @Test
  void redReachesThoseWhoAcceptItAndPlainOpusThoseWhoDoNot() throws Exception {
    ChromeDriver alice = join("Alice");
    ChromeDriver bob = join("Bob");
    ChromeDriver carol = joinRefusingRed("Carol");
    for (ChromeDriver page : browsers) {
      Browsers.awaitActive(page);
      Browsers.awaitFlowing(page, 2);
    }
    // Past the start (whose first moments every receiver conceals), what each stream plays over
    // five seconds.
    for (ChromeDriver page : browsers) {
      new WebDriverWait(page, Duration.ofSeconds(20))
          .pollingEvery(Duration.ofMillis(500))
          .until(d -> inbound(page).stream().allMatch(s -> number(s, "samples") > 2 * 48_000));
    }
    List<Map<Long, long[]>> before = browsers.stream().map(TwoBrowserCallTest::played).toList();
    Thread.sleep(5_000);
    List<long[]> streams = new ArrayList<>();
    for (int i = 0; i < browsers.size(); i++) {
      Map<Long, long[]> earlier = before.get(i);
      Map<Long, long[]> now = played(browsers.get(i));
      assertThat(now).hasSize(2);
      for (Map.Entry<Long, long[]> stream : now.entrySet()) {
        long samples = stream.getValue()[0] - earlier.get(stream.getKey())[0];
        long concealed = stream.getValue()[1] - earlier.get(stream.getKey())[1];
        System.out.printf(
            "%s plays stream %d: %.1f s, %.1f %% concealed%n",
            List.of("Alice", "Bob", "Carol").get(i),
            stream.getKey(),
            samples / 48_000.0,
            100.0 * concealed / samples);
        streams.add(new long[] {samples, concealed});
      }
    }
    // Audio a receiver cannot decode (RED to one that refused it) would be all concealment; what a
    // busy machine's late packets cost stays well below half.
    assertThat(streams)
        .allSatisfy(
            played -> {
              assertThat(played[0]).as("samples played in 5 s").isGreaterThan(3 * 48_000);
              assertThat(played[1]).as("concealed of %d", played[0]).isLessThan(played[0] / 2);
            });

    // Every audio m-section (the uplink and two received streams) as each page answered it.
    assertThat(answeredAudio(alice)).allMatch(m -> m.endsWith(" 63 111"));
    assertThat(answeredAudio(bob)).allMatch(m -> m.endsWith(" 63 111"));
    assertThat(answeredAudio(carol)).allMatch(m -> m.endsWith("/SAVPF 111"));
    assertThat(node.metrics().scrape())
        .as("Alice's and Bob's RED reached Carol unwrapped, none malformed")
        .containsPattern("medirelay_media_rtp_red_unwrapped_total [1-9]")
        .contains("medirelay_media_rtp_red_malformed_total 0.0");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> inbound(ChromeDriver page) {
    Object stats = ((JavascriptExecutor) page).executeAsyncScript(AUDIO_STATS);
    return stats == null ? List.of() : (List<Map<String, Object>>) stats;
  }

  /** Samples played and concealed so far of each audio stream the page receives, by SSRC. */
  private static Map<Long, long[]> played(ChromeDriver page) {
    return inbound(page).stream()
        .collect(
            Collectors.toMap(
                s -> number(s, "ssrc"),
                s -> new long[] {number(s, "samples"), number(s, "concealed")}));
  }

  /** The {@code m=audio} lines of the page's last answer (the payload types it accepted). */
  private static List<String> answeredAudio(ChromeDriver page) {
    String sdp =
        (String)
            ((JavascriptExecutor) page)
                .executeScript("return window.mediRelayCall.pc.localDescription.sdp;");
    List<String> lines = sdp.lines().filter(l -> l.startsWith("m=audio")).toList();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    return lines;
  }

  private static long number(Map<String, Object> stream, String key) {
    return ((Number) stream.get(key)).longValue();
  }

  /** Carol, whose page answers without RED (see {@link #REFUSE_RED}). */
  private ChromeDriver joinRefusingRed(String name) {
    String token = issuer.token(SESSION, name, PUBLISH_SUBSCRIBE);
    ChromeDriver driver = Browsers.chromium();
    browsers.add(driver);
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", REFUSE_RED));
    driver.get(issuer.joinUrl(SESSION, token, node.signalingUrl()));
    Browsers.pressJoin(driver);
    return driver;
  }

  /** Alice hosts: her token also has the end grant. */
  private ChromeDriver join(String name) {
    Set<Grant> grants = EnumSet.copyOf(PUBLISH_SUBSCRIBE);
    if (name.equals("Alice")) {
      grants.add(Grant.END);
    }
    String token = issuer.token(SESSION, name, grants);
    ChromeDriver driver = Browsers.chromium();
    browsers.add(driver);
    driver.get(issuer.joinUrl(SESSION, token, node.signalingUrl()));
    Browsers.pressJoin(driver);
    return driver;
  }

  private void assertSelectedPairIsTheNode(ChromeDriver driver) {
    Map<String, Object> pair = Browsers.selectedPair(driver);
    assertThat(pair.get("remoteAddress")).isEqualTo("127.0.0.1");
    assertThat(((Number) pair.get("remotePort")).intValue()).isEqualTo(node.udpPort());
  }
}
