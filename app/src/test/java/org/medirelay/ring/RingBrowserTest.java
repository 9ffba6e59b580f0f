package org.medirelay.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A doctor's dashboard rings a patient's dashboard, two headless Chromium pages: accept (by
 * keyboard) opens the call on both sides, decline and timeout tell the doctor, cancel stops the
 * patient's ringing, and a patient already rung is busy. One Chromium per side serves every test;
 * each test signs both pages in as new accounts.
 */
class RingBrowserTest extends AppTest {

  private static ChromeDriver doctorPage;
  private static ChromeDriver patientPage;

  @BeforeEach
  void pages() {
    if (doctorPage == null) {
      doctorPage = Browsers.chromium();
      patientPage = Browsers.chromium();
    }
  }

  @AfterAll
  static void quit() {
    for (ChromeDriver page : new ChromeDriver[] {doctorPage, patientPage}) {
      if (page != null) {
        page.quit();
      }
    }
    doctorPage = null;
    patientPage = null;
  }

  @Test
  void thePatientAcceptsByKeyboardAndBothPagesOpenTheCall() {
    bothDashboards();

    ringPatient();
    await(doctorPage, "ring-outgoing", "calling");
    WebElement incoming = await(patientPage, "ring-incoming", "ringing");
    assertThat(incoming.getDomAttribute("role")).isEqualTo("alertdialog");
    assertThat(incoming.getText()).contains("Incoming video call").contains("doctor ");
    // Focus is in the dialog, on Accept; the ring sounds (the test browser may play sound).
    assertThat(patientPage.switchTo().activeElement().getDomAttribute("data-action"))
        .isEqualTo("accept-call");
    wait(patientPage).until(d -> "playing".equals(incoming.getDomAttribute("data-ring-sound")));

    new Actions(patientPage).sendKeys(Keys.ENTER).perform();
    String patientCall = opened(patientPage);
    assertThat(patientCall).startsWith(PUBLIC_URL + "/join/sess_");
    String doctorCall = opened(doctorPage);
    assertThat(doctorCall).startsWith(patientCall.substring(0, patientCall.indexOf('?')));
    await(patientPage, "ring-incoming", "active");
    await(doctorPage, "ring-outgoing", "active");
    assertThat(incoming.isDisplayed()).isFalse();
  }

  @Test
  void thePatientDeclinesWithEscapeAndTheDoctorIsTold() {
    bothDashboards();

    ringPatient();
    await(patientPage, "ring-incoming", "ringing");
    new Actions(patientPage).sendKeys(Keys.ESCAPE).perform();
    WebElement outgoing = await(doctorPage, "ring-outgoing", "ended");
    assertThat(outgoing.getDomAttribute("data-ring-reason")).isEqualTo("declined");
    assertThat(outgoing.getText()).contains("declined");
    assertThat(patientPage.findElement(By.id("ring-incoming")).isDisplayed()).isFalse();
    outgoing.findElement(By.cssSelector("[data-action='close-call']")).click();
    await(doctorPage, "ring-outgoing", "idle");
  }

  @Test
  void theDoctorCancelsAndThePatientsPageStopsRinging() {
    bothDashboards();

    ringPatient();
    WebElement incoming = await(patientPage, "ring-incoming", "ringing");
    await(doctorPage, "ring-outgoing", "calling")
        .findElement(By.cssSelector("[data-action='cancel-call']"))
        .click();
    await(doctorPage, "ring-outgoing", "idle");
    await(patientPage, "ring-incoming", "idle");
    assertThat(incoming.isDisplayed()).isFalse();
  }

  @Test
  void aPatientAlreadyBeingRungIsBusy() {
    Account doctor = register("doctor");
    Account otherDoctor = register("doctor");
    Account patient = register("patient");
    confirmedAppointment(doctor, patient);
    String other = confirmedAppointment(otherDoctor, patient);
    dashboard(doctorPage, doctor);
    dashboard(patientPage, patient);
    // Another doctor rings first (RING_TIMEOUT is short here: only once both pages are up).
    String ringing =
        api.post("/api/appointments/" + other + "/ring", "", otherDoctor.token())
            .expect(201)
            .get("id")
            .asString();
    WebElement incoming = await(patientPage, "ring-incoming", "ringing");

    ringPatient();
    WebElement outgoing = await(doctorPage, "ring-outgoing", "busy");
    assertThat(outgoing.getText()).contains("busy");
    assertThat(incoming.getDomAttribute("data-ring-id")).isEqualTo(ringing);
    api.post("/api/rings/" + ringing + "/cancel", "", otherDoctor.token()).expect(200);
    await(patientPage, "ring-incoming", "idle");
    outgoing.findElement(By.cssSelector("[data-action='close-call']")).click();
  }

  @Test
  void anUnansweredRingStopsAndShowsAsAMissedCallOnBothDashboards() {
    bothDashboards();

    ringPatient();
    String ring = await(doctorPage, "ring-outgoing", "calling").getDomAttribute("data-ring-id");
    await(patientPage, "ring-incoming", "ringing");
    Duration timeout = Duration.ofSeconds(RING_TIMEOUT_SECONDS + 15);
    WebElement outgoing = await(doctorPage, "ring-outgoing", "ended", timeout);
    assertThat(outgoing.getDomAttribute("data-ring-reason")).isEqualTo("missed");
    assertThat(outgoing.getText()).contains("No answer from patient ");
    await(patientPage, "ring-incoming", "idle", timeout);
    outgoing.findElement(By.cssSelector("[data-action='close-call']")).click();
    for (ChromeDriver page : new ChromeDriver[] {doctorPage, patientPage}) {
      WebElement missed =
          wait(page)
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("#missed-calls li[data-ring-id='" + ring + "']")));
      assertThat(missed.getText()).containsAnyOf("Missed call from doctor ", "No answer from");
    }
  }

  /** A new doctor and patient with a confirmed appointment, each on their dashboard. */
  private void bothDashboards() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    confirmedAppointment(doctor, patient);
    dashboard(doctorPage, doctor);
    dashboard(patientPage, patient);
  }

  /** Signs the page in as the account and waits for its dashboard, its call opening recorded. */
  private void dashboard(ChromeDriver page, Account account) {
    page.get(api.base() + "/");
    page.executeScript("sessionStorage.setItem('medirelay.token', arguments[0]);", account.token());
    page.get(api.base() + "/");
    wait(page)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "confirmed"));
    // Join links start with CLIENT_BASE_URL, not this server: the page records what it opens.
    page.executeScript("window.open = (url) => { window.openedUrl = url; return {}; };");
  }

  private void ringPatient() {
    wait(doctorPage)
        .until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//table[@id='appointments']//button[text()='Ring patient']")))
        .click();
  }

  private static String opened(ChromeDriver page) {
    return (String) wait(page).until(d -> page.executeScript("return window.openedUrl || null;"));
  }

  private static WebElement await(ChromeDriver page, String dialog, String state) {
    return await(page, dialog, state, Duration.ofSeconds(20));
  }

  private static WebElement await(ChromeDriver page, String dialog, String state, Duration within) {
    WebElement element =
        wait(page).until(ExpectedConditions.presenceOfElementLocated(By.id(dialog)));
    new WebDriverWait(page, within)
        .withMessage(() -> dialog + " is " + element.getDomAttribute("data-ring-state"))
        .until(d -> state.equals(element.getDomAttribute("data-ring-state")));
    return element;
  }

  private static WebDriverWait wait(ChromeDriver page) {
    return new WebDriverWait(page, Duration.ofSeconds(20));
  }
}
