package org.medirelay.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.medirelay.support.PageChecks;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The administrators' console in headless Chromium: a media node drained and undrained from its
 * page, the call in progress on it, a patient's password reset from the accounts page, and that
 * reset found in the audit log by its type. Others are told the pages are for administrators.
 */
class AdminConsoleBrowserTest extends BrowserTest {

  private static final Map<String, String> SECRET =
      Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET);

  @Test
  void anAdministratorDrainsANodeSeesItsCallResetsAPasswordAndFindsItInTheAuditLog() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String session =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token())
            .expect(201)
            .get("sessionId")
            .asString();
    String node = "console-" + UUID.randomUUID().toString().substring(0, 8);
    beat(node, false, session);
    try {
      signedInAs(admin());
      browser.get(api.base() + "/");
      wait.until(
              ExpectedConditions.elementToBeClickable(
                  By.cssSelector("a[href='/admin/nodes.html']")))
          .click();
      By row = By.cssSelector("#nodes tr[data-node-id='" + node + "']");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "live"));
      assertThat(browser.findElement(By.id("calls")).getText())
          .contains(session)
          .contains(node)
          .contains(" with ");
      assertThat(PageChecks.unlabelledControls(browser)).isEmpty();

      action("Drain " + node).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "drain requested"));
      // The node hears of it in the reply to its next heartbeat and reports draining.
      assertThat(beat(node, false, session).get("drain").asBoolean()).isTrue();
      beat(node, true, session);
      browser.findElement(By.id("refresh")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "live, draining"));
      action("Undrain " + node).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "undrain requested"));
      assertThat(beat(node, true, session).get("drain").asBoolean()).isFalse();
    } finally {
      // Left draining with nothing requested, so no other test's session goes there.
      api.post("/api/admin/media-nodes/" + node + "/drain", "", adminToken()).expect(202);
      beat(node, true);
    }

    browser.findElement(By.cssSelector("nav a[href='/admin/users.html']")).click();
    WebElement search = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search")));
    search.findElement(By.name("q")).sendKeys(patient.email());
    search.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users tbody tr"), 1));
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector(
                    "#users button[aria-label='Reset password of " + patient.email() + "']")))
        .click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "mailed"));
    assertThat(browser.findElement(By.id("invitation")).getText()).contains("password reset link");
    assertThat(browser.findElement(By.id("invitation-link")).getDomProperty("value"))
        .startsWith(PUBLIC_URL + "/app/invitation.html#token=");
    assertThat(PageChecks.unlabelledControls(browser)).isEmpty();

    browser.findElement(By.cssSelector("nav a[href='/admin/audit.html']")).click();
    WebElement filter =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit-filter")));
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#audit-filter option[value='PASSWORD_RESET_ISSUED']")));
    new Select(filter.findElement(By.name("type"))).selectByValue("PASSWORD_RESET_ISSUED");
    filter.findElement(By.name("subject")).sendKeys(patient.email());
    filter.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#audit tbody tr"), 1));
    assertThat(browser.findElement(By.cssSelector("#audit tbody tr")).getDomAttribute("data-type"))
        .isEqualTo("PASSWORD_RESET_ISSUED");
    assertThat(PageChecks.unlabelledControls(browser)).isEmpty();
  }

  @Test
  void theConsolePagesTellOthersTheyAreForAdministrators() {
    signedInAs(register("doctor"));
    for (String page :
        new String[] {"/admin/nodes.html", "/admin/audit.html", "/admin/settings.html"}) {
      browser.get(api.base() + page);
      WebElement notice =
          wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("not-admin")));
      assertThat(notice.getText()).contains("for the clinic's administrators");
      assertThat(browser.findElement(By.id("admin")).isDisplayed()).isFalse();
    }
  }

  @Test
  void anAdministratorHasTheClinicKeepChat() {
    try {
      signedInAs(admin());
      browser.get(api.base() + "/admin/settings.html");
      WebElement keep =
          wait.until(
              ExpectedConditions.elementToBeClickable(
                  By.xpath("//label[contains(., 'Keep each consultation')]//input")));
      assertThat(keep.isSelected()).isFalse();
      assertThat(PageChecks.unlabelledControls(browser)).isEmpty();
      keep.click();
      browser.findElement(By.cssSelector("#settings button[type=submit]")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "kept"));
      assertThat(
              api.get("/api/admin/clinic-settings", adminToken())
                  .expect(200)
                  .get("keepChat")
                  .asBoolean())
          .isTrue();
      browser.navigate().refresh();
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.id("settings-changed"), "Last changed"));
      assertThat(browser.findElement(By.name("keepChat")).isSelected()).isTrue();
    } finally {
      api.put("/api/admin/clinic-settings", Map.of("keepChat", false), adminToken()).expect(200);
    }
  }

  private JsonNode beat(String node, boolean draining, String... sessions) {
    return api.post(
            "/api/media-nodes/heartbeat",
            heartbeatBody(node, 100, 2 * sessions.length, draining, sessions),
            SECRET)
        .expect(200);
  }

  private WebElement action(String label) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.cssSelector("#nodes button[aria-label='" + label + "']")));
  }
}
