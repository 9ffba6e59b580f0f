package org.medirelay.assistant.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A patient answers the pre-visit questions on the assistant page in headless Chromium; the doctor
 * reads them.
 */
class AssistantPageBrowserTest extends BrowserTest {

  @Test
  void patientAnswersThePreVisitQuestionsAndTheDoctorReadsTheSummary() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);

    signedInAs(patient);
    browser.get(api.base() + "/assistant");
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#appointments a"))).click();
    awaitState("ready");
    assertThat(lastMessage().getText()).contains("main problem");

    send("I have chest pain and I'm short of breath");
    awaitState("emergency");
    WebElement alert = lastMessage();
    assertThat(alert.getDomAttribute("role")).isEqualTo("alert");
    assertThat(alert.getText()).contains("emergency number");

    for (String answer :
        List.of(
            "Headaches in the afternoon",
            "2 weeks ago",
            "6",
            "none",
            "ibuprofen",
            "to find out why")) {
      send(answer);
      awaitState("ready");
    }
    assertThat(lastMessage().getText()).contains("Main problem: Headaches in the afternoon");
    send("yes");
    awaitState("intake-complete");

    signedInAs(doctor);
    browser.get(api.base() + "/assistant/intake.html?appointment=" + appointmentId);
    awaitState("ready");
    String page = browser.findElement(By.id("intake-section")).getText();
    assertThat(page)
        .contains("Confirmed by the patient")
        .contains("Headaches in the afternoon")
        .contains("ibuprofen")
        .contains("Red flags raised");
  }

  private void send(String text) {
    WebElement box = browser.findElement(By.id("text"));
    box.clear();
    box.sendKeys(text);
    browser.findElement(By.cssSelector("#send button")).click();
  }

  private void awaitState(String state) {
    wait.until(d -> state.equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
  }

  private WebElement lastMessage() {
    List<WebElement> messages = browser.findElements(By.cssSelector("#messages li"));
    return messages.get(messages.size() - 1);
  }
}
