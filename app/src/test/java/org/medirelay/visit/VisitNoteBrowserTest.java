package org.medirelay.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.medirelay.support.PageChecks;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * After the call, on the dashboard in headless Chromium: the host ended the call (its media node
 * reported it), so the consultation is past, with its length; the doctor writes the visit note and
 * shares it, and the patient reads it.
 */
class VisitNoteBrowserTest extends BrowserTest {

  @Test
  void theDoctorWritesAndSharesTheNoteAndThePatientReadsIt() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = pastConsult(doctor, patient, 754, session -> List.of());
    assertThat(
            api.get("/api/appointments/" + appointment, patient.token())
                .expect(200)
                .get("status")
                .asString())
        .isEqualTo("completed");

    signedInAs(doctor);
    browser.get(api.base() + "/");
    By row = By.cssSelector("#visits tr[data-appointment-id='" + appointment + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "12 min 34 s"));
    wait.until(ExpectedConditions.elementToBeClickable(row))
        .findElement(By.tagName("button"))
        .click();
    WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("note-form")));
    assertThat(PageChecks.unlabelledControls(browser)).isEmpty();
    form.findElement(By.xpath(".//label[starts-with(normalize-space(.), 'Visit note')]//textarea"))
        .sendKeys("Viral cough.\nFluids and rest; back if the fever lasts three days.");
    form.findElement(
            By.xpath(".//label[contains(normalize-space(.), 'Share with the patient')]//input"))
        .click();
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "shared"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "Shared with the patient."));

    signedInAs(patient);
    browser.get(api.base() + "/");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "Viral cough."));
    WebElement read = browser.findElement(row);
    assertThat(read.getText()).contains("12 min 34 s").contains("back if the fever lasts");
    assertThat(read.findElements(By.tagName("button"))).isEmpty();
    assertThat(PageChecks.unlabelledControls(browser)).isEmpty();
  }

  /** With the clinic keeping chat, a past consultation leads to what was said in its call. */
  @Test
  void thePatientReadsTheChatOfAPastCall() {
    api.put("/api/admin/clinic-settings", Map.of("keepChat", true), adminToken()).expect(200);
    try {
      Account doctor = register("doctor");
      Account patient = register("patient");
      Instant end = Instant.now();
      String appointment =
          pastConsult(
              doctor,
              patient,
              60,
              session ->
                  List.of(
                      chatLine(
                          session,
                          doctor.id(),
                          "Dr Ana",
                          end.minusSeconds(30),
                          "Take it <b>twice</b> a day."),
                      chatLine(session, patient.id(), "Sam", end.minusSeconds(20), "Thank you!")));

      signedInAs(patient);
      browser.get(api.base() + "/");
      By row = By.cssSelector("#visits tr[data-appointment-id='" + appointment + "']");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "Chat (2)"));
      browser.findElement(row).findElement(By.xpath(".//button[starts-with(., 'Chat')]")).click();
      WebElement chat =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("chat-viewer")));
      assertThat(chat.getText())
          .contains("Dr Ana")
          .contains("Take it <b>twice</b> a day.") // as typed: text, never markup
          .contains("Sam")
          .contains("Thank you!");
      assertThat(chat.getText().indexOf("Take it"))
          .isLessThan(chat.getText().indexOf("Thank you!"));
      assertThat(PageChecks.unlabelledControls(browser)).isEmpty();
      chat.findElement(By.id("chat-close")).click();
      wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("chat-viewer")));
    } finally {
      api.put("/api/admin/clinic-settings", Map.of("keepChat", false), adminToken()).expect(200);
    }
  }

  /**
   * A confirmed appointment of theirs whose host ended its call {@code seconds} long just now, as
   * its media node reports it, with the chat {@code said} in the call's session.
   */
  private String pastConsult(
      Account doctor,
      Account patient,
      int seconds,
      Function<String, List<Map<String, Object>>> said) {
    String appointment = confirmedAppointment(doctor, patient);
    String session =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
            .expect(201)
            .get("sessionId")
            .asString();
    Instant end = Instant.now();
    Map<String, Object> beat =
        heartbeatBody("past-" + UUID.randomUUID().toString().substring(0, 8), 100, 0, true);
    beat.put("chat", said.apply(session));
    beat.put(
        "endedCalls",
        List.of(
            Map.of(
                "sessionId", session,
                "startedAt", end.minusSeconds(seconds).toString(),
                "endedAt", end.toString())));
    api.post(
            "/api/media-nodes/heartbeat",
            beat,
            Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
        .expect(200);
    return appointment;
  }

  private static Map<String, Object> chatLine(
      String session, String userId, String name, Instant at, String text) {
    return Map.of(
        "id", UUID.randomUUID().toString(),
        "sessionId", session,
        "userId", userId,
        "displayName", name,
        "at", at.toString(),
        "text", text);
  }
}
