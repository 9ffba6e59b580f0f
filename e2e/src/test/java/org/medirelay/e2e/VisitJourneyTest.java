package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.e2e.Pages.await;
import static org.medirelay.e2e.Pages.signIn;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * A visit from the booking to the note, walked by a patient and a doctor in two Chromium pages
 * against the app and a media node run as processes from their jars, each step through the pages
 * they would use: the patient books a published time on the dashboard, the doctor confirms it, both
 * open the call from their appointment, the patient checks camera and microphone and waits, the
 * doctor admits; they see and hear each other; the doctor mutes the patient, the patient turns to
 * audio only, the doctor ends the call for both; the appointment is completed with the call's
 * length, the doctor writes the visit note and shares it, and the patient reads it on the
 * dashboard. The screens {@link EveryScreenAtEveryWidthTest} does not reach (audio only, the visit
 * note, the past consultations) get the same check at every width ({@link ScreenCheck}).
 */
class VisitJourneyTest {

  private static final String PASSWORD = "a long enough passphrase";
  private static final String REASON = "Cough for two weeks";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  private final List<ChromeDriver> browsers = new ArrayList<>();

  @AfterEach
  void quitBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @Test
  void aPatientBooksIsSeenAndReadsTheNoteTheDoctorSharedAfterTheCall() throws Exception {
    ScreenCheck screens = ScreenCheck.load();
    try (AppWithMediaNode servers =
        AppWithMediaNode.start(
            work,
            InetAddress.getLoopbackAddress(),
            Map.of("MEDIA_NODE_HEARTBEAT_INTERVAL", "10"))) {
      AppApi api = servers.api;
      JsonNode doctorAccount =
          api.createStaff(servers.adminToken, "Dr. Ada Osei", "ada@e2e.test", PASSWORD, "doctor");
      String doctor = doctorAccount.get("token").asString();
      String doctorId = doctorAccount.get("user").get("id").asString();
      String patient = api.signUp("Sam Patient", "sam@e2e.test", PASSWORD).get("token").asString();
      Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
      api.publishSlots(doctorId, doctor, start, start.plus(60, ChronoUnit.MINUTES), 30).expect(201);

      // The patient books one of the doctor's free times.
      ChromeDriver patientPage = chromium();
      signIn(patientPage, api, patient);
      new Select(await(patientPage, ExpectedConditions.elementToBeClickable(By.id("doctor"))))
          .selectByValue(doctorId);
      patientPage.findElement(By.id("reason")).sendKeys(REASON);
      await(patientPage, ExpectedConditions.elementToBeClickable(By.cssSelector("#slots button")))
          .click();
      await(patientPage, rowWith("requested"));
      String appointment =
          patientPage
              .findElement(By.cssSelector("#appointments tr[data-appointment-id]"))
              .getDomAttribute("data-appointment-id");

      // The doctor confirms it and opens the call from it.
      ChromeDriver doctorPage = chromium();
      signIn(doctorPage, api, doctor);
      await(doctorPage, rowWith(REASON));
      rowButton(doctorPage, appointment, "Confirm").click();
      await(doctorPage, rowWith("confirmed"));
      joinFromDashboard(doctorPage, appointment);
      Browsers.pressJoin(doctorPage);
      Browsers.awaitActive(doctorPage);

      // The patient opens it too, checks camera and microphone, and waits to be let in.
      signIn(patientPage, api, patient);
      await(patientPage, rowWith("confirmed"));
      joinFromDashboard(patientPage, appointment);
      Browsers.pressJoin(patientPage);
      await(patientPage, d -> "waiting".equals(Browsers.callState(d)));
      assertThat(patientPage.findElement(By.id("waiting-for")).getText()).contains("Dr. Ada Osei");
      assertThat(Browsers.tiles(patientPage)).isZero();

      // The doctor lets the patient in: they see and hear each other.
      Browsers.admitWaiting(doctorPage, 1);
      Browsers.awaitActive(patientPage);
      Browsers.awaitFlowing(doctorPage, 1);
      Browsers.awaitFlowing(patientPage, 1);
      assertThat(patientPage.findElement(By.id("call-timer")).getText()).isNotEmpty();

      // The doctor mutes the patient from the participants panel; the patient's page says who.
      doctorPage.findElement(By.id("toggle-participants")).click();
      By patientEntry =
          By.xpath("//ul[@id='participants-list']/li[.//button[@data-action='mute']]");
      await(doctorPage, d -> d.findElement(patientEntry).getText().contains("Sam Patient"));
      doctorPage
          .findElement(patientEntry)
          .findElement(By.cssSelector("[data-action='mute']"))
          .click();
      await(
          patientPage,
          d -> "true".equals(d.findElement(By.id("toggle-audio")).getDomAttribute("aria-pressed")));
      assertThat(patientPage.findElement(By.id("host-request-text")).getText())
          .contains("Dr. Ada Osei muted your microphone");
      await(
          doctorPage, d -> "off".equals(d.findElement(patientEntry).getDomAttribute("data-audio")));

      // The patient turns to audio only: the camera goes off for the doctor, and the patient's
      // page receives no video while the doctor's sound goes on.
      WebElement audioOnly =
          await(patientPage, ExpectedConditions.elementToBeClickable(By.id("toggle-audio-only")));
      audioOnly.click();
      assertThat(audioOnly.getDomAttribute("aria-pressed")).isEqualTo("true");
      await(
          doctorPage, d -> "off".equals(d.findElement(patientEntry).getDomAttribute("data-video")));
      awaitOnlySound(patientPage);
      screens.check(patientPage, "call-patient-audio-only");

      // The doctor ends the call for both (a second press confirms).
      WebElement endForAll = doctorPage.findElement(By.id("end-for-all"));
      endForAll.click();
      assertThat(endForAll.getText()).isEqualTo("Click again to end");
      endForAll.click();
      await(patientPage, d -> "ended".equals(Browsers.callState(d)));
      await(doctorPage, d -> "ended".equals(Browsers.callState(d)));
      assertThat(patientPage.findElement(By.id("call-status")).getText())
          .contains("Dr. Ada Osei ended the call");

      // The appointment is completed with the call's length; the doctor writes the note.
      signIn(doctorPage, api, doctor);
      By visit = By.cssSelector("#visits tr[data-appointment-id='" + appointment + "']");
      await(doctorPage, ExpectedConditions.textMatches(visit, Pattern.compile("\\d+ s")));
      JsonNode completed = api.get("/api/appointments/" + appointment, patient).expect(200);
      assertThat(completed.get("status").asString()).isEqualTo("completed");
      long seconds = completed.get("call").get("durationSeconds").asLong();
      assertThat(seconds).isBetween(1L, 300L);
      assertThat(doctorPage.findElement(visit).getText()).contains(lasted(seconds));
      doctorPage.findElement(visit).findElement(By.tagName("button")).click();
      WebElement form =
          await(doctorPage, ExpectedConditions.visibilityOfElementLocated(By.id("note-form")));
      form.findElement(By.cssSelector("textarea[name=text]"))
          .sendKeys("Viral cough. Fluids and rest; come back if the fever lasts three days.");
      form.findElement(By.cssSelector("input[name=shared]")).click();
      screens.check(doctorPage, "visit-note-doctor");
      form.findElement(By.cssSelector("button[type=submit]")).click();
      await(doctorPage, ExpectedConditions.textToBePresentInElementLocated(visit, "Shared"));

      // The patient reads it among the past consultations.
      signIn(patientPage, api, patient);
      await(
          patientPage,
          ExpectedConditions.textToBePresentInElementLocated(visit, "come back if the fever"));
      assertThat(patientPage.findElement(visit).getText())
          .contains("Dr. Ada Osei")
          .contains(lasted(seconds));
      screens.check(patientPage, "visits-patient");
    }
    assertThat(screens.findings()).isEmpty();
  }

  private ChromeDriver chromium() {
    ChromeDriver page = Browsers.chromium();
    browsers.add(page);
    return page;
  }

  /**
   * Presses the appointment's "Join video", which opens the join link in a new tab, and opens that
   * link in this tab instead (one tab per person is enough here).
   */
  private static void joinFromDashboard(ChromeDriver page, String appointment) {
    JavascriptExecutor js = page;
    js.executeScript("window.open = (url) => { window.openedUrl = url; return {}; };");
    rowButton(page, appointment, "Join video").click();
    String url = (String) await(page, d -> js.executeScript("return window.openedUrl || null;"));
    assertThat(url).contains("/join/sess_");
    page.get(url);
  }

  /**
   * Waits until the page decodes no more video frames while its sound keeps arriving, over 1.5 s
   * (the node stops forwarding video to an audio-only page; frames already on their way finish).
   */
  private static void awaitOnlySound(ChromeDriver page) throws InterruptedException {
    Map<String, Long> before = Browsers.inboundTotals(page);
    for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        System.nanoTime() < deadline; ) {
      Thread.sleep(1500);
      Map<String, Long> after = Browsers.inboundTotals(page);
      if (after.get("framesDecoded").equals(before.get("framesDecoded"))
          && after.get("audioPackets") > before.get("audioPackets")) {
        return;
      }
      before = after;
    }
    throw new AssertionError("video still decoded, or no sound, on the audio-only page: " + before);
  }

  private static WebElement rowButton(WebDriver page, String appointment, String text) {
    return await(
        page,
        ExpectedConditions.elementToBeClickable(
            By.xpath(
                "//table[@id='appointments']//tr[@data-appointment-id='"
                    + appointment
                    + "']//button[normalize-space(.)='"
                    + text
                    + "']")));
  }

  private static Function<WebDriver, Boolean> rowWith(String text) {
    return ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), text);
  }

  /** The dashboard's words for a call's length: "12 min 34 s", "45 s". */
  private static String lasted(long seconds) {
    return (seconds >= 60 ? seconds / 60 + " min " : "") + seconds % 60 + " s";
  }
}
