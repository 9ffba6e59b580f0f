package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.e2e.Pages.await;
import static org.medirelay.e2e.Pages.signIn;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * Every screen of a visit, as a patient, a doctor and an administrator meet it, at 360, 800 and
 * 1280 px wide ({@link ScreenCheck}): sign-in, both dashboards, the doctor ringing the patient
 * (both dialogs; only a modal dialog's controls count while it is open), the admin pages (accounts,
 * media nodes, audit log), the device check, the waiting room, the host's call with the patient
 * waiting and the two-person call from both sides (the patient muted, camera off), the host's
 * participants panel, the patient's devices menu and the ended screen after leaving. Each screen's
 * screenshots are saved, every visible control must be inside the viewport and uncovered, and
 * axe-core must find nothing serious or critical. Two Chromium pages (patient, doctor), each reused
 * for all its screens and widths.
 */
class EveryScreenAtEveryWidthTest {

  private static final String PASSWORD = "a long enough passphrase";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  private final List<ChromeDriver> browsers = new ArrayList<>();

  @AfterEach
  void quitBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @Test
  void everyScreenFitsEveryWidthAndHasNoSeriousAccessibilityViolation() throws Exception {
    ScreenCheck screens = ScreenCheck.load();
    try (AppWithMediaNode servers =
        AppWithMediaNode.start(work, InetAddress.getLoopbackAddress(), Map.of())) {
      AppApi api = servers.api;
      JsonNode doctorAccount =
          api.createStaff(servers.adminToken, "Dr. Ada Osei", "ada@e2e.test", PASSWORD, "doctor");
      String doctor = doctorAccount.get("token").asString();
      String patient = api.signUp("Sam Patient", "sam@e2e.test", PASSWORD).get("token").asString();
      String appointment =
          servers.confirmedAppointment(
              doctorAccount.get("user").get("id").asString(), doctor, patient);

      ChromeDriver patientPage = chromium();
      patientPage.get(api.base() + "/");
      await(patientPage, ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
      screens.check(patientPage, "sign-in");

      signIn(patientPage, api, patient);
      await(patientPage, appointmentListed("confirmed"));
      screens.check(patientPage, "dashboard-patient");

      signIn(patientPage, api, servers.adminToken);
      adminPage(patientPage, api, "users", "#users tbody tr");
      screens.check(patientPage, "admin-users");
      adminPage(patientPage, api, "nodes", "#nodes tbody tr[data-node-id]");
      screens.check(patientPage, "admin-nodes");
      adminPage(patientPage, api, "audit", "#audit tbody tr");
      screens.check(patientPage, "admin-audit");
      adminPage(patientPage, api, "settings", "#admin:not([hidden])");
      screens.check(patientPage, "admin-settings");

      ChromeDriver doctorPage = chromium();
      signIn(doctorPage, api, doctor);
      await(doctorPage, appointmentListed("confirmed"));
      screens.check(doctorPage, "dashboard-doctor");

      // Ringing: the doctor's dialog while it rings, the patient's dashboard ringing; the patient
      // declines.
      doctorPage
          .findElement(By.xpath("//table[@id='appointments']//button[text()='Ring patient']"))
          .click();
      await(doctorPage, d -> "calling".equals(ringState(d, "ring-outgoing")));
      screens.check(doctorPage, "ring-doctor-calling");
      signIn(patientPage, api, patient);
      await(patientPage, d -> "ringing".equals(ringState(d, "ring-incoming")));
      screens.check(patientPage, "ring-patient");
      patientPage.findElement(By.cssSelector("[data-action='decline-call']")).click();
      await(doctorPage, d -> "ended".equals(ringState(d, "ring-outgoing")));
      doctorPage.findElement(By.cssSelector("#ring-outgoing [data-action='close-call']")).click();

      // The ring opened the appointment's session: the doctor's join link is for that one (200).
      String path = "/api/appointments/" + appointment + "/session";
      doctorPage.get(api.post(path, null, doctor).expect(200).get("joinUrl").asString());
      Browsers.pressJoin(doctorPage);
      Browsers.awaitActive(doctorPage);

      patientPage.get(api.post(path, null, patient).expect(200).get("joinUrl").asString());
      await(patientPage, d -> d.findElement(By.cssSelector("[data-action='join']")).isEnabled());
      screens.check(patientPage, "device-check");
      Browsers.pressJoin(patientPage);
      await(patientPage, d -> "waiting".equals(Browsers.callState(d)));
      await(patientPage, d -> d.findElement(By.id("waiting-for")).getText().contains("Dr. Ada"));
      screens.check(patientPage, "waiting-room");

      await(
          doctorPage,
          d -> !d.findElements(By.cssSelector(".mr-lobby [data-participant-id]")).isEmpty());
      screens.check(doctorPage, "call-host-waiting");

      Browsers.admitWaiting(doctorPage, 1);
      Browsers.awaitActive(patientPage);
      await(doctorPage, d -> Browsers.tiles(d) == 1);
      await(patientPage, d -> Browsers.tiles(d) == 1);
      screens.check(doctorPage, "call-host");
      // The patient mutes and turns the camera off: both buttons pressed, and said in words.
      patientPage.findElement(By.id("toggle-audio")).click();
      patientPage.findElement(By.id("toggle-video")).click();
      assertThat(patientPage.findElement(By.id("toggle-audio")).getDomAttribute("aria-pressed"))
          .isEqualTo("true");
      assertThat(patientPage.findElement(By.id("self-state")).getText())
          .contains("You are muted", "Camera off");
      screens.check(patientPage, "call-patient-muted");

      // The host's participants panel: both people, the patient's microphone off, Ask to unmute.
      doctorPage.findElement(By.id("toggle-participants")).click();
      WebElement patientEntry =
          await(
              doctorPage,
              d ->
                  d.findElement(
                      By.cssSelector(
                          "#participants-list [data-participant-id][data-audio='off']")));
      assertThat(patientEntry.getText()).contains("Sam Patient", "Microphone off, camera off");
      assertThat(
              patientEntry.findElement(By.cssSelector("[data-action='ask-unmute']")).isDisplayed())
          .isTrue();
      screens.check(doctorPage, "call-host-participants");
      // The patient's devices menu during the call.
      patientPage.findElement(By.id("toggle-devices")).click();
      await(patientPage, d -> d.findElement(By.id("devices-menu")).isDisplayed());
      screens.check(patientPage, "call-patient-devices");
      // The patient leaves: the ended screen, with Rejoin and the way back to the appointments.
      patientPage.findElement(By.id("leave")).click();
      await(patientPage, d -> d.findElement(By.cssSelector("[data-action='rejoin']")));
      screens.check(patientPage, "call-patient-ended");
    }
    assertThat(screens.findings()).isEmpty();
  }

  private ChromeDriver chromium() {
    ChromeDriver page = Browsers.chromium();
    browsers.add(page);
    return page;
  }

  private static String ringState(WebDriver page, String dialog) {
    return page.findElement(By.id(dialog)).getDomAttribute("data-ring-state");
  }

  private static void adminPage(ChromeDriver page, AppApi api, String name, String loaded) {
    page.get(api.base() + "/admin/" + name + ".html");
    await(page, ExpectedConditions.presenceOfElementLocated(By.cssSelector(loaded)));
  }

  private static ExpectedCondition<Boolean> appointmentListed(String status) {
    return ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), status);
  }
}
