package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medirelay.testkit.Browsers;
import org.medirelay.token.Grant;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A patient's way in, in Chromium through the real node: the device check (camera preview,
 * microphone level, device lists, Join), then the waiting room, where nothing flows either way,
 * until the doctor's page lets them in; then media both ways. The patient's page is phone-sized
 * (360 px wide). Screenshots of each screen go to target/screenshots/.
 */
class WaitingRoomBrowserTest {

  private static final String SESSION = "sess-waiting-room";
  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final Set<Grant> HOST = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension final BrowserCall call = new BrowserCall(SESSION);

  @Test
  void thePatientChecksDevicesWaitsWithNothingFlowingAndIsLetInByTheDoctor() throws Exception {
    ChromeDriver patient = call.open(call.waitingToken("Pat Doe", MEDIA));
    patient.manage().window().setSize(new Dimension(360, 740));
    new WebDriverWait(patient, Duration.ofSeconds(20))
        .withMessage("the camera preview plays and the microphone level moves")
        .until(
            d ->
                "prejoin".equals(Browsers.callState(d))
                    && number(d, "#preview", "videoWidth") > 0
                    && number(d, "#mic-level", "value") > 0);
    assertThat(patient.findElements(By.cssSelector("#camera-choice option"))).isNotEmpty();
    assertThat(patient.findElements(By.cssSelector("#microphone-choice option"))).isNotEmpty();
    assertInsideWidth(patient, patient.findElement(By.cssSelector("[data-action='join']")));
    screenshot(patient, "device-check-360");
    Browsers.pressJoin(patient);

    new WebDriverWait(patient, Duration.ofSeconds(20))
        .until(d -> "waiting".equals(Browsers.callState(d)));
    WebElement waitingFor = patient.findElement(By.id("waiting-for"));
    assertThat(waitingFor.getText()).contains("has not joined yet");

    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    Browsers.awaitActive(doctor);
    new WebDriverWait(patient, Duration.ofSeconds(10))
        .until(d -> waitingFor.getText().contains("Dr Ana is in the call"));
    WebElement entry =
        new WebDriverWait(doctor, Duration.ofSeconds(10))
            .until(d -> d.findElement(By.cssSelector(".mr-lobby [data-participant-id]")));
    assertThat(entry.getText()).contains("Pat Doe", "waiting since");
    screenshot(patient, "waiting-360");
    screenshot(doctor, "host-lobby-800");

    // While the patient waits, the doctor publishes (its page is active) and nothing crosses: the
    // doctor's page shows no one, the patient's connection has no inbound video at all.
    Thread.sleep(1500);
    assertThat(Browsers.tiles(doctor)).isZero();
    assertThat(Browsers.flowingStreams(doctor, "video")).isZero();
    assertThat(Browsers.flowingStreams(patient, "video")).isZero();
    assertThat(Browsers.inboundTotals(patient).get("audioPackets")).isZero();

    Browsers.admitWaiting(doctor, 1);
    Browsers.awaitActive(patient);
    Browsers.awaitFlowing(patient, 1);
    Browsers.awaitFlowing(doctor, 1);
    assertThat(doctor.findElement(By.cssSelector(".mr-lobby")).isDisplayed()).isFalse();
    assertInsideWidth(patient, patient.findElement(By.id("leave")));
    screenshot(patient, "call-360");
  }

  private static double number(WebDriver page, String selector, String property) {
    List<WebElement> found = page.findElements(By.cssSelector(selector));
    String value = found.isEmpty() ? null : found.get(0).getDomProperty(property);
    return value == null ? 0 : Double.parseDouble(value);
  }

  private static void assertInsideWidth(WebDriver page, WebElement control) {
    int viewport =
        Integer.parseInt(page.findElement(By.tagName("html")).getDomProperty("clientWidth"));
    assertThat(control.isDisplayed()).isTrue();
    assertThat(control.getRect().getX()).isGreaterThanOrEqualTo(0);
    assertThat(control.getRect().getX() + control.getRect().getWidth())
        .isLessThanOrEqualTo(viewport);
  }

  private static void screenshot(ChromeDriver page, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name + ".png"), page.getScreenshotAs(OutputType.BYTES));
  }
}
