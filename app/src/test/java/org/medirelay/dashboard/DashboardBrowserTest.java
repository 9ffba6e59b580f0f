package org.medirelay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A patient and a doctor use the dashboard in headless Chromium: sign in, book, confirm, open the
 * join page.
 */
class DashboardBrowserTest extends BrowserTest {

  @Test
  void patientBooksDoctorConfirmsAndOpensTheJoinPage() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(26);
    publish(doctor, start, 2);

    signIn(patient.email());
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("doctor"))))
        .selectByValue(doctor.id());
    browser.findElement(By.id("reason")).sendKeys("Follow-up on blood pressure");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#slots button"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Booked"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "requested"));
    // The patient's row leads to the consult assistant's pre-visit questions for this appointment.
    assertThat(link("Pre-visit questions").getDomAttribute("href"))
        .startsWith("/assistant/index.html?appointment=");

    browser.findElement(By.id("sign-out")).click();
    signIn(doctor.email());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("appointments"), "Follow-up on blood pressure"));
    button("Confirm").click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "confirmed"));
    assertThat(link("Intake summary").getDomAttribute("href"))
        .startsWith("/assistant/intake.html?appointment=");

    // The join URL starts with CLIENT_BASE_URL (the public URL, not this test's server): catch the
    // URL the dashboard opens, then open its path on the server under test.
    ((JavascriptExecutor) browser)
        .executeScript("window.open = (url) => { window.openedUrl = url; return null; };");
    button("Join video").click();
    wait.until(
        d -> ((JavascriptExecutor) d).executeScript("return window.openedUrl || null;") != null);
    URI opened =
        URI.create(
            (String) ((JavascriptExecutor) browser).executeScript("return window.openedUrl;"));
    assertThat(opened.toString()).startsWith(PUBLIC_URL + "/join/sess_");
    browser.get(api.base() + opened.getRawPath() + "?" + opened.getRawQuery());
    WebElement body = browser.findElement(By.tagName("body"));
    assertThat(body.getDomAttribute("data-role")).isEqualTo("host");
    assertThat(body.getDomAttribute("data-session-id")).startsWith("sess_");
    assertThat(body.getDomAttribute("data-call-state")).isNotBlank();
  }

  @Test
  void doctorInvitesAnInterpreterWithALinkOfTheirOwn() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    confirmedAppointment(doctor, patient);
    signIn(doctor.email());
    button("Invite a guest").click();
    WebElement form =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("guest-form")));
    form.findElement(By.name("displayName")).sendKeys("Ana, interpreter");
    form.findElement(By.cssSelector("button[type=submit]")).click();
    WebElement link =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("guest-link")));
    URI invite = URI.create(link.getDomProperty("value"));
    assertThat(invite.toString()).startsWith(PUBLIC_URL + "/join/sess_");
    browser.get(api.base() + invite.getRawPath() + "?" + invite.getRawQuery());
    WebElement body = browser.findElement(By.tagName("body"));
    assertThat(body.getDomAttribute("data-display-name")).isEqualTo("Ana, interpreter");
    assertThat(body.getDomAttribute("data-role")).isEqualTo("participant");
  }

  /**
   * The seeds' incoming-call notice: the patient's dashboard says the doctor has started the call,
   * and joins it.
   */
  @Test
  void patientSeesThatTheCallHasStartedAndJoinsFromTheNotice() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String sessionId =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
            .json()
            .get("sessionId")
            .asString();
    signIn(patient.email());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "confirmed"));
    WebElement notice = browser.findElement(By.id("call-waiting"));
    assertThat(notice.isDisplayed()).isFalse();

    // The doctor is in the call: the media node reports the session.
    String node = "node-notice-" + UUID.randomUUID().toString().substring(0, 8);
    mediaNodeHeartbeat(node, sessionId);
    new WebDriverWait(browser, Duration.ofSeconds(25))
        .until(ExpectedConditions.visibilityOf(notice));
    assertThat(notice.getText()).contains("with doctor ").contains("has started");
    assertThat(browser.getTitle()).startsWith("● ");
    // On a phone-sized screen the page fits its width: no sideways scrolling to reach Join.
    browser.manage().window().setSize(new Dimension(360, 740));
    wait.until(
        d ->
            (Boolean)
                ((JavascriptExecutor) d)
                    .executeScript(
                        "return window.innerWidth <= 400"
                            + " && document.documentElement.scrollWidth <= window.innerWidth;"));
    browser.manage().window().setSize(new Dimension(800, 600));
    ((JavascriptExecutor) browser)
        .executeScript("window.open = (url) => { window.openedUrl = url; return null; };");
    browser.findElement(By.id("call-waiting-join")).click();
    wait.until(
        d -> ((JavascriptExecutor) d).executeScript("return window.openedUrl || null;") != null);
    assertThat((String) ((JavascriptExecutor) browser).executeScript("return window.openedUrl;"))
        .startsWith(PUBLIC_URL + "/join/" + sessionId + "?token=");

    // The call ends: the notice goes.
    mediaNodeHeartbeat(node);
    new WebDriverWait(browser, Duration.ofSeconds(25))
        .until(ExpectedConditions.invisibilityOf(notice));
    assertThat(browser.getTitle()).doesNotStartWith("● ");
  }

  /**
   * A patient's pre-visit answer raises a red flag while the doctor's dashboard is open: on the
   * next refresh the banner names the patient and the appointment, and the row carries a badge in
   * words.
   */
  @Test
  void doctorSeesARedFlagRaisedByAPatientWithoutReloading() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String patientName =
        api.get("/api/users/profile", patient.token()).json().get("name").asString();
    signIn(doctor.email());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "confirmed"));
    WebElement banner = browser.findElement(By.id("red-flag-alert"));
    assertThat(banner.isDisplayed()).isFalse();
    assertThat(browser.findElements(By.cssSelector("#appointments .red-flag-badge"))).isEmpty();

    String conversation =
        api.post(
                "/api/assistant/conversations",
                Map.of("appointmentId", appointment),
                patient.token())
            .json()
            .get("id")
            .asString();
    api.post(
        "/api/assistant/conversations/" + conversation + "/messages",
        Map.of("text", "my chest hurts a lot"),
        patient.token());

    new WebDriverWait(browser, Duration.ofSeconds(25))
        .until(ExpectedConditions.visibilityOf(banner));
    assertThat(banner.getText())
        .contains("Red flag raised by a patient")
        .contains(patientName)
        .contains("chest pain that may be a heart attack");
    assertThat(banner.findElement(By.linkText("Intake summary")).getDomAttribute("href"))
        .isEqualTo("/assistant/intake.html?appointment=" + appointment);
    WebElement badge =
        browser.findElement(By.cssSelector("#appointments tr.red-flag .red-flag-badge"));
    assertThat(badge.getText()).isEqualTo("Red flag: chest pain that may be a heart attack");

    // Dismissed in this tab: the banner goes, the row keeps its badge, also after a reload.
    banner.findElement(By.xpath(".//button[text()='Dismiss']")).click();
    wait.until(ExpectedConditions.invisibilityOf(banner));
    browser.navigate().refresh();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("appointments"), "Red flag: chest pain"));
    assertThat(browser.findElement(By.id("red-flag-alert")).isDisplayed()).isFalse();
  }

  private void signIn(String email) {
    browser.get(api.base() + "/");
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("whoami")));
  }

  private WebElement link(String label) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.xpath("//table[@id='appointments']//a[text()='" + label + "']")));
  }

  private WebElement button(String label) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.xpath("//table[@id='appointments']//button[text()='" + label + "']")));
  }
}
