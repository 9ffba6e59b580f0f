package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.CallWindow;
import org.medirelay.testkit.FirefoxParticipant;

/**
 * A doctor in Chromium and a patient in Firefox (Debian's firefox-esr, over WebDriver BiDi) in one
 * consult through the app and a media node, all on this host. The servers listen on the host's own
 * address, not loopback, which Firefox's ICE never uses.
 */
class FirefoxAndChromiumConsultTest {

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  /**
   * Each decodes the other's camera, at a real frame size and more than a few frames a second, and
   * plays the other's microphone with most of it real (not concealed), within half a minute.
   */
  @Test
  void aDoctorInChromiumAndAPatientInFirefoxSeeAndHearEachOther() throws Exception {
    FirefoxParticipant.require(FirefoxPatientConsult.DRIVER);
    try (AppWithMediaNode servers =
            AppWithMediaNode.start(work, FirefoxParticipant.hostAddress(), Map.of());
        FirefoxPatientConsult consult =
            FirefoxPatientConsult.join(servers, FirefoxParticipant::join)) {
      consult.awaitFlowing();
      ShapedCall.Received received = consult.recordFor(Duration.ofSeconds(5));
      System.out.println("the patient's Firefox receives: " + received.patient());
      System.out.println("the doctor's Chromium receives: " + received.doctor());
      assertSeesAndHears("the patient's Firefox", received.patient());
      assertSeesAndHears("the doctor's Chromium", received.doctor());
    }
  }

  private static void assertSeesAndHears(String who, CallWindow received) {
    assertThat(received.framesPerSecond())
        .as("frames %s decodes per second: %s", who, received)
        .isGreaterThan(5);
    assertThat(received.width() * received.height())
        .as("size of the frames %s decodes: %s", who, received)
        .isPositive();
    assertThat(received.concealment())
        .as("share of the audio %s plays that is concealed: %s", who, received)
        .isLessThan(0.5);
  }
}
