package org.medirelay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.medirelay.token.Grant;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

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
        .executeScript("window.open = (url) => { window.openedUrl = url; return {}; };");
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
    // JOIN_TOKEN_TTL's default, an hour, in the words the doctor passes on
    assertThat(browser.findElement(By.id("guest-valid")).getText())
        .matches("\\(valid for 60 minutes, until \\d{1,2}:\\d{2}.*\\)");
    browser.get(api.base() + invite.getRawPath() + "?" + invite.getRawQuery());
    WebElement body = browser.findElement(By.tagName("body"));
    assertThat(body.getDomAttribute("data-display-name")).isEqualTo("Ana, interpreter");
    assertThat(body.getDomAttribute("data-role")).isEqualTo("participant");
  }

  /**
   * The doctor lets the patient straight in from the dashboard; the choice stays after a reload.
   */
  @Test
  void doctorLetsThePatientInWithoutTheWaitingRoom() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    signIn(doctor.email());
    By choice =
        By.cssSelector(
            "#appointments tr[data-appointment-id='"
                + appointment
                + "'] input[data-action=patient-enters-directly]");
    WebElement box = wait.until(ExpectedConditions.elementToBeClickable(choice));
    assertThat(box.isSelected()).isFalse();
    box.click();
    wait.until(
        d ->
            api.get("/api/appointments/" + appointment + "/session/admission", doctor.token())
                .expect(200)
                .get("patientEntersDirectly")
                .asBoolean());
    assertThat(
            grantsOf(
                api.post("/api/appointments/" + appointment + "/session", "", patient.token())
                    .expect(201)))
        .contains(Grant.ENTER);
    browser.navigate().refresh();
    wait.until(ExpectedConditions.elementToBeClickable(choice));
    assertThat(browser.findElement(choice).isSelected()).isTrue();
  }

  /**
   * The seeds' incoming-call notice says who waits in the call, as soon as the media node reports
   * it: the patient's dashboard that the doctor is in the call (not while the patient waits there
   * alone), the doctor's that the patient is waiting; it goes when they leave.
   */
  @Test
  void eachSideSeesWhoWaitsInTheCallAndJoinsFromTheNotice() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String doctorName = api.get("/api/users/profile", doctor.token()).json().get("name").asString();
    String patientName =
        api.get("/api/users/profile", patient.token()).json().get("name").asString();
    String appointment = confirmedAppointment(doctor, patient);
    String sessionId =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
            .json()
            .get("sessionId")
            .asString();
    String node = "node-notice-" + UUID.randomUUID().toString().substring(0, 8);
    signIn(patient.email());
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("appointments"), "confirmed"));
    WebElement notice = browser.findElement(By.id("call-waiting"));
    assertThat(notice.isDisplayed()).isFalse();

    // The doctor is in the call: the media node reports them, the patient's page says so.
    long reported = System.nanoTime();
    mediaNodeReports(node, present(sessionId, doctor.id(), false));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.visibilityOf(notice));
    long doctorInMillis = (System.nanoTime() - reported) / 1_000_000;
    assertThat(notice.getText()).contains(doctorName + " is in the call");
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
        .executeScript("window.open = (url) => { window.openedUrl = url; return {}; };");
    browser.findElement(By.id("call-waiting-join")).click();
    wait.until(
        d -> ((JavascriptExecutor) d).executeScript("return window.openedUrl || null;") != null);
    assertThat((String) ((JavascriptExecutor) browser).executeScript("return window.openedUrl;"))
        .startsWith(PUBLIC_URL + "/join/" + sessionId + "?token=");

    // The doctor left and only the patient waits: nothing to tell the patient.
    reported = System.nanoTime();
    mediaNodeReports(node, present(sessionId, patient.id(), true));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.invisibilityOf(notice));
    long doctorLeftMillis = (System.nanoTime() - reported) / 1_000_000;
    assertThat(browser.getTitle()).doesNotStartWith("● ");

    // The doctor's dashboard says the patient is waiting, until the call ends.
    browser.findElement(By.id("sign-out")).click();
    signIn(doctor.email());
    WebElement doctorsNotice =
        new WebDriverWait(browser, Duration.ofSeconds(10))
            .until(ExpectedConditions.visibilityOfElementLocated(By.id("call-waiting")));
    assertThat(doctorsNotice.getText())
        .contains("Your patient " + patientName + " is waiting to be let into the call");
    reported = System.nanoTime();
    mediaNodeReports(node);
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(ExpectedConditions.invisibilityOf(doctorsNotice));
    long endedMillis = (System.nanoTime() - reported) / 1_000_000;
    System.out.printf(
        "notice after the node's report: doctor in %d ms, doctor left %d ms, call ended %d ms"
            + " (EVENT_POLL_INTERVAL 200 ms)%n",
        doctorInMillis, doctorLeftMillis, endedMillis);
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

  /**
   * The patient's dashboard follows what the doctor does, without a reload: confirmed (with Join),
   * cancelled (kept, saying by whom), and completed (moved to the past consultations, with its
   * intake summary).
   */
  @Test
  void thePatientsDashboardFollowsTheDoctorsChangesWithoutAReload() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String doctorName = api.get("/api/users/profile", doctor.token()).json().get("name").asString();
    Instant start = hoursAhead(24 + (int) (Math.random() * 2000));
    publish(doctor, start, 2);
    String cancelled = book(patient, doctor, start).expect(201).get("id").asString();
    String completed =
        book(patient, doctor, start.plus(Duration.ofMinutes(30))).expect(201).get("id").asString();
    signIn(patient.email());
    wait.until(d -> status(cancelled).equals("requested") && status(completed).equals("requested"));

    move(cancelled, "confirmed", doctor);
    wait.until(d -> status(cancelled).equals("confirmed"));
    wait.until(ExpectedConditions.elementToBeClickable(inRow(cancelled, "button", "Join video")));

    move(cancelled, "cancelled", doctor);
    wait.until(d -> status(cancelled).equals("cancelled"));
    assertThat(row(cancelled).getText()).contains("by " + doctorName + " (doctor)");
    assertThat(row(cancelled).findElements(By.tagName("button"))).isEmpty();

    move(completed, "confirmed", doctor);
    move(completed, "in-progress", doctor);
    move(completed, "completed", doctor);
    By pastRow = By.cssSelector("#visits tr[data-appointment-id='" + completed + "']");
    WebElement past = wait.until(ExpectedConditions.visibilityOfElementLocated(pastRow));
    assertThat(past.getText()).contains(doctorName).contains("cough");
    assertThat(past.findElement(By.linkText("Intake summary")).getDomAttribute("href"))
        .isEqualTo("/assistant/intake.html?appointment=" + completed);
    assertThat(
            browser.findElements(
                By.cssSelector("#appointments tr[data-appointment-id='" + completed + "']")))
        .isEmpty();
    // One row per consultation, however many changes were pushed.
    assertThat(browser.findElements(pastRow)).hasSize(1);
  }

  /** A link that cannot be used leads on: to signing in, and from there to the appointments. */
  @Test
  void aRefusedLinkLeadsToSignInAndTheAppointments() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    browser.get(api.base() + "/join/sess_unknown?token=not-a-token");
    assertThat(browser.findElement(By.tagName("body")).getDomAttribute("data-call-state"))
        .isEqualTo("error");
    browser.findElement(By.linkText("Sign in to your appointments")).click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    form.findElement(By.name("email")).sendKeys(patient.email());
    form.findElement(By.name("password")).sendKeys(PASSWORD);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(d -> status(appointment).equals("confirmed"));
    wait.until(ExpectedConditions.elementToBeClickable(inRow(appointment, "button", "Join video")));
    // The API documentation is for administrators: a patient's page does not point to it.
    assertThat(browser.findElements(By.cssSelector("a[href*='api-docs'], a[href*='swagger']")))
        .isEmpty();
  }

  /**
   * Booking offers every free slot (66 here, more than the 60 the page used to show), grouped by
   * day, at the browser's times with its time zone named; the last one can be booked. The doctor
   * sees the availability they published; cancelling asks first and sits apart from Confirm.
   */
  @Test
  void everySlotIsBookableByDayInTheBrowsersTimeZoneAndCancellingAsksFirst() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    // 22 hours around a midnight (UTC), so that they cross the browser's midnight in any zone
    // within 11 hours of UTC: at least two days.
    Instant midnight =
        Instant.now()
            .truncatedTo(ChronoUnit.DAYS)
            .plus(Duration.ofDays(2 + (long) (Math.random() * 7)));
    Instant start = midnight.minus(Duration.ofHours(11));
    Instant end = start.plus(Duration.ofMinutes(20L * 66));
    api.publishSlots(doctor.id(), doctor.token(), start, end, 20).expect(201);
    JsonNode slots =
        api.get(
                "/api/doctors/" + doctor.id() + "/slots?from=" + start + "&to=" + end,
                patient.token())
            .expect(200);
    assertThat(slots).hasSize(66);

    signIn(patient.email());
    new Select(wait.until(ExpectedConditions.elementToBeClickable(By.id("doctor"))))
        .selectByValue(doctor.id());
    wait.until(d -> d.findElements(By.cssSelector("#slots button")).size() == 66);
    JavascriptExecutor js = (JavascriptExecutor) browser;
    String zone =
        (String) js.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone;");
    assertThat(browser.findElement(By.cssSelector("#book [data-time-zone]")).getText())
        .startsWith(zone);
    // Each day headed by its name.
    List<WebElement> days = browser.findElements(By.cssSelector("#slots .slot-day"));
    assertThat(days.size()).isGreaterThanOrEqualTo(2);
    String lastStart = slots.get(65).get("start").asString();
    String expectedTime =
        (String)
            js.executeScript(
                "return new Date(arguments[0]).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});",
                lastStart);
    List<WebElement> buttons = browser.findElements(By.cssSelector("#slots button"));
    WebElement last = buttons.get(65);
    assertThat(last.getText()).isEqualTo(expectedTime);
    // At a phone's width every slot button stays inside the screen.
    browser.manage().window().setSize(new Dimension(360, 740));
    wait.until(
        d ->
            (Boolean)
                ((JavascriptExecutor) d)
                    .executeScript(
                        "return [...document.querySelectorAll('#slots button')].every(b => {"
                            + " const r = b.getBoundingClientRect();"
                            + " return r.left >= 0 && r.right <= window.innerWidth; });"));
    browser.manage().window().setSize(new Dimension(1280, 900));
    js.executeScript("arguments[0].scrollIntoView({block: 'center'});", last);
    last.click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Booked"));
    String booked =
        api.get("/api/appointments", patient.token()).expect(200).get(0).get("id").asString();
    assertThat(
            api.get("/api/appointments/" + booked, patient.token()).json().get("start").asString())
        .isEqualTo(lastStart);

    // Cancelling asks first: one click changes nothing, "Keep it" keeps it.
    wait.until(d -> status(booked).equals("requested"));
    WebElement cancel = row(booked).findElement(By.cssSelector(".cancel-area button"));
    assertThat(cancel.getText()).isEqualTo("Cancel…");
    cancel.click();
    wait.until(ExpectedConditions.elementToBeClickable(inRow(booked, "button", "Keep it"))).click();
    assertThat(
            api.get("/api/appointments/" + booked, patient.token()).json().get("status").asString())
        .isEqualTo("requested");
    row(booked).findElement(By.cssSelector(".cancel-area button")).click();
    wait.until(ExpectedConditions.elementToBeClickable(inRow(booked, "button", "Yes, cancel it")))
        .click();
    wait.until(d -> status(booked).equals("cancelled"));

    // The doctor sees what they published, and Cancel sits apart from Confirm.
    String other = book(patient, doctor, start).expect(201).get("id").asString();
    browser.findElement(By.id("sign-out")).click();
    signIn(doctor.email());
    WebElement published =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#my-availability li")));
    assertThat(published.getText()).contains("(20-minute slots)");
    assertThat(browser.findElements(By.cssSelector("#my-availability li"))).hasSize(1);
    WebElement confirm =
        wait.until(ExpectedConditions.elementToBeClickable(inRow(other, "button", "Confirm")));
    WebElement doctorsCancel = row(other).findElement(By.cssSelector(".cancel-area button"));
    assertThat(doctorsCancel.getRect().getY())
        .isGreaterThanOrEqualTo(confirm.getRect().getY() + confirm.getRect().getHeight());
  }

  private void move(String appointment, String status, Account who) {
    api.put("/api/appointments/" + appointment + "/status", Map.of("status", status), who.token())
        .expect(200);
  }

  private WebElement row(String appointment) {
    return browser.findElement(
        By.cssSelector("#appointments tr[data-appointment-id='" + appointment + "']"));
  }

  /** The row's status, or "" while it is not shown. */
  private String status(String appointment) {
    return browser
        .findElements(By.cssSelector("#appointments tr[data-appointment-id='" + appointment + "']"))
        .stream()
        .map(tr -> tr.getDomAttribute("data-status"))
        .findFirst()
        .orElse("");
  }

  private static By inRow(String appointment, String tag, String text) {
    return By.xpath(
        "//table[@id='appointments']//tr[@data-appointment-id='"
            + appointment
            + "']//"
            + tag
            + "[text()='"
            + text
            + "']");
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
