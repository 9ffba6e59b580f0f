package org.medirelay.e2e;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.CallStatsRecorder;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.FirefoxParticipant;
import org.medirelay.testkit.NetworkNamespace;
import org.medirelay.testkit.ShapedLink;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Consults between two Chromium participants through the app and a media node, with the patient on
 * a {@link ShapedLink}: the patient's Chromium runs in a network namespace of its own, whose
 * downlink and uplink the caller caps and makes lossy, and the doctor's on the host. The app and
 * the node (from their built jars) listen on the host end of the namespace's veth, and the
 * patient's media goes straight to the node's UDP port there, without TURN. Each {@link #join()} is
 * a new session with two new browsers that record their WebRTC statistics.
 *
 * <p>Used by {@code AdaptationTest}, {@code FirefoxAdaptationTest} and by the benchmark {@code
 * bench/quality} ({@link QualityBench}). Needs root, iproute2 (ip, tc), iptables, Chromium and
 * chromedriver; a Firefox patient ({@link #joinWithFirefoxPatient()}) needs firefox-esr and Node.js
 * too.
 */
final class ShapedCall implements AutoCloseable {

  /** A laptop's window, where a two-person call's remote tile is about 570 px high. */
  private static final Dimension WIDE = new Dimension(1280, 900);

  private final NetworkNamespace namespace;
  private final ShapedLink link;
  private final AppWithMediaNode servers;

  private ShapedCall(NetworkNamespace namespace, ShapedLink link, AppWithMediaNode servers) {
    this.namespace = namespace;
    this.link = link;
    this.servers = servers;
  }

  /**
   * Creates the patient's namespace and its link (open) and starts the servers; logs in {@code
   * work}.
   */
  static ShapedCall start(Path work) throws Exception {
    return start(work, Map.of());
  }

  /** As {@link #start(Path)}, the media node's environment plus {@code nodeEnv}. */
  static ShapedCall start(Path work, Map<String, String> nodeEnv) throws Exception {
    NetworkNamespace namespace = NetworkNamespace.create();
    ShapedLink link = null;
    try {
      link = ShapedLink.of(namespace);
      AppWithMediaNode servers =
          AppWithMediaNode.start(work, namespace.hostAddress(), Map.of(), nodeEnv);
      return new ShapedCall(namespace, link, servers);
    } catch (Exception | Error e) {
      if (link != null) {
        link.close();
      }
      namespace.close();
      throw e;
    }
  }

  /** The patient's link: shape it before or during a consult. */
  ShapedLink link() {
    return link;
  }

  /**
   * The media node's last estimate of the patient's downlink, in kbit/s (-1 before the first): the
   * patient's node id is the one the doctor's page shows the patient's tile under.
   */
  long patientDownlinkEstimateKbps(Consult consult) {
    return servers.downlinkEstimateKbps(patientId(consult));
  }

  /**
   * What the media node logged of the patient's downlink so far (its estimate once a second, each
   * probe's outcome), to read why adaptation took the time it did.
   */
  List<String> patientDownlinkLog(Consult consult) {
    return servers.downlinkLog(patientId(consult));
  }

  private static String patientId(Consult consult) {
    return consult
        .doctorBrowser
        .findElement(By.cssSelector(".mr-tile[data-participant-id]"))
        .getDomAttribute("data-participant-id");
  }

  /** The media node's log, for failure messages. */
  String mediaNodeLog() {
    return servers.mediaNode.tail();
  }

  /**
   * A new session: the doctor's and the patient's browsers open their join links, over the link as
   * it is shaped now, and this returns once both pages say the call is active. Media may not flow
   * yet: {@link Consult#awaitFlowing()} waits for it.
   */
  Consult join() throws Exception {
    Map<String, String> joinUrls = servers.newConsult("shaped-", "Sam On-A-Slow-Link");
    return open(joinUrls.get("doctor"), joinUrls.get("patient"), true);
  }

  /**
   * The doctor's browser on the host and the patient's in the namespace open {@code doctorUrl} and
   * {@code patientUrl}; this returns once both pages say the call is active. On MediRelay's call
   * page ({@code callPage}) each presses Join and the doctor admits the patient; another page
   * (bench/quality's Janus page) joins by itself.
   */
  Consult open(String doctorUrl, String patientUrl, boolean callPage) throws Exception {
    ChromeDriver doctor = Browsers.chromium(secureOrigin());
    ChromeDriver patient = null;
    try {
      doctor.manage().window().setSize(WIDE);
      patient = patientBrowser();
      Consult consult =
          new Consult(
              doctor,
              patient,
              CallStatsRecorder.install(doctor),
              CallStatsRecorder.install(patient));
      doctor.get(doctorUrl);
      patient.get(patientUrl);
      if (callPage) {
        Browsers.pressJoin(doctor);
        Browsers.pressJoin(patient);
        Browsers.admitWaiting(doctor, 1);
      }
      Browsers.awaitActive(patient);
      Browsers.awaitActive(doctor);
      return consult;
    } catch (Exception | Error e) {
      doctor.quit();
      if (patient != null) {
        patient.quit();
      }
      throw e;
    }
  }

  /** The host's address on the patient's link, where the servers listen. */
  InetAddress hostAddress() {
    return namespace.hostAddress();
  }

  /**
   * A Chromium in the namespace, over the link as it is shaped now, in a laptop's window: each
   * page's tile for another must want the top layer (720 lines), as the node sends no layer much
   * larger than the tile, and at the default 800 × 600 a two-person call's tile is 319 px high.
   */
  ChromeDriver patientBrowser() {
    ChromeDriver patient = Browsers.chromiumIn(namespace, secureOrigin());
    patient.manage().window().setSize(WIDE);
    return patient;
  }

  /** Lets pages from the app's plain-HTTP origin use the camera and microphone. */
  private String secureOrigin() {
    return "--unsafely-treat-insecure-origin-as-secure=" + servers.api.base();
  }

  /** The app and the media node of this call. */
  AppWithMediaNode servers() {
    return servers;
  }

  /**
   * A new session like {@link #join()}, with the patient in Firefox instead: Firefox and its driver
   * run in the namespace, over the link as it is shaped now; the doctor's Chromium on the host.
   */
  FirefoxPatientConsult joinWithFirefoxPatient() throws Exception {
    return FirefoxPatientConsult.join(
        servers, (driver, joinUrl) -> FirefoxParticipant.joinIn(namespace, driver, joinUrl));
  }

  /** What the patient's and the doctor's browsers received over one window. */
  record Received(CallWindow patient, CallWindow doctor) {}

  /** The two browsers of one consult and what they record; closing quits both. */
  static final class Consult implements AutoCloseable {
    final ChromeDriver doctorBrowser;
    final ChromeDriver patientBrowser;

    /** What the doctor's browser receives (the patient's uplink) and sends. */
    final CallStatsRecorder doctor;

    /** What the patient's browser receives (over the shaped downlink) and sends. */
    final CallStatsRecorder patient;

    private Consult(
        ChromeDriver doctorBrowser,
        ChromeDriver patientBrowser,
        CallStatsRecorder doctor,
        CallStatsRecorder patient) {
      this.doctorBrowser = doctorBrowser;
      this.patientBrowser = patientBrowser;
      this.doctor = doctor;
      this.patient = patient;
    }

    /** Waits until both browsers decode the other's video and receive their audio. */
    void awaitFlowing() {
      Browsers.awaitFlowing(patientBrowser, 1);
      Browsers.awaitFlowing(doctorBrowser, 1);
    }

    /**
     * Records for {@code time} from now and returns what each browser received over it. The window
     * ends when {@code time} is up, however long fetching the samples takes after.
     */
    Received recordFor(Duration time) throws InterruptedException {
      long from = System.currentTimeMillis();
      Thread.sleep(time.toMillis());
      long to = System.currentTimeMillis();
      collect();
      return new Received(patient.stats().window(from, to), doctor.stats().window(from, to));
    }

    /** Fetches both browsers' samples, once the sample at or after now has been taken. */
    void collect() throws InterruptedException {
      Thread.sleep(1_200);
      doctor.collect();
      patient.collect();
    }

    @Override
    public void close() {
      try {
        patientBrowser.quit();
      } finally {
        doctorBrowser.quit();
      }
    }
  }

  /**
   * Stops the servers, then removes the link's shaping and the namespace, whatever failed before.
   */
  @Override
  public void close() throws InterruptedException {
    try {
      servers.close();
    } finally {
      try {
        link.close();
      } finally {
        namespace.close();
      }
    }
  }
}
