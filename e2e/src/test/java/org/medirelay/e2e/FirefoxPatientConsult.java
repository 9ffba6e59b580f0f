package org.medirelay.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.medirelay.testkit.Browsers;
import org.medirelay.testkit.CallStatsRecorder;
import org.medirelay.testkit.FirefoxParticipant;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A consult between a doctor in Chromium on this host and a patient in Firefox (testkit's {@link
 * FirefoxParticipant}, driven by this module's {@code src/test/browser/firefox-participant.mjs}),
 * on this host or in a network namespace, each browser recording its WebRTC statistics. Closing it
 * closes both browsers.
 */
final class FirefoxPatientConsult implements AutoCloseable {

  /**
   * The Firefox driver; the build's npm step (npm ci in this module) installs its puppeteer-core.
   */
  static final Path DRIVER =
      ServerProcess.ROOT.resolve("e2e/src/test/browser/firefox-participant.mjs");

  /** Starts the patient's Firefox, where it should run, with the driver on a join URL. */
  @FunctionalInterface
  interface PatientFirefox {
    FirefoxParticipant join(Path driver, String joinUrl);
  }

  final ChromeDriver doctorBrowser;

  /** What the doctor's Chromium receives (the patient's Firefox uplink) and sends. */
  final CallStatsRecorder doctor;

  /** The patient's Firefox: what it receives and sends, its call state. */
  final FirefoxParticipant patient;

  private FirefoxPatientConsult(
      ChromeDriver doctorBrowser, CallStatsRecorder doctor, FirefoxParticipant patient) {
    this.doctorBrowser = doctorBrowser;
    this.doctor = doctor;
    this.patient = patient;
  }

  /**
   * A new session of {@code servers}: the doctor's Chromium and the patient's Firefox ({@code
   * firefox} starts it) open their join links, and this returns once both pages say the call is
   * active. Media may not flow yet: {@link #awaitFlowing()} waits for it.
   */
  static FirefoxPatientConsult join(AppWithMediaNode servers, PatientFirefox firefox)
      throws Exception {
    FirefoxParticipant.require(DRIVER);
    Map<String, String> joinUrls = servers.newConsult("firefox-", "Sam In-Firefox");
    ChromeDriver doctorBrowser =
        Browsers.chromium("--unsafely-treat-insecure-origin-as-secure=" + servers.api.base());
    FirefoxParticipant patient = null;
    try {
      CallStatsRecorder doctor = CallStatsRecorder.install(doctorBrowser);
      doctorBrowser.get(joinUrls.get("doctor"));
      Browsers.pressJoin(doctorBrowser);
      patient = firefox.join(DRIVER, joinUrls.get("patient"));
      // The Firefox script passes the device check; the patient waits until the doctor admits.
      patient.awaitWaiting();
      Browsers.admitWaiting(doctorBrowser, 1);
      Browsers.awaitActive(doctorBrowser);
      patient.awaitActive();
      return new FirefoxPatientConsult(doctorBrowser, doctor, patient);
    } catch (Exception | Error e) {
      try {
        doctorBrowser.quit();
      } finally {
        if (patient != null) {
          patient.close();
        }
      }
      throw e;
    }
  }

  /**
   * Waits until each browser decodes the other's video and receives the other's audio, the
   * patient's at a known frame size.
   */
  void awaitFlowing() throws InterruptedException {
    patient.awaitFlowing();
    Browsers.awaitFlowing(doctorBrowser, 1);
  }

  /**
   * Records for {@code time} from now and returns what each browser received over it; the window
   * ends when {@code time} is up.
   */
  ShapedCall.Received recordFor(Duration time) throws InterruptedException {
    long from = System.currentTimeMillis();
    Thread.sleep(time.toMillis());
    long to = System.currentTimeMillis();
    // Both pages sample once a second: wait for the sample at or after the window's end.
    Thread.sleep(1_200);
    return new ShapedCall.Received(
        patient.stats().window(from, to), doctor.collect().window(from, to));
  }

  @Override
  public void close() {
    try {
      patient.close();
    } finally {
      doctorBrowser.quit();
    }
  }
}
