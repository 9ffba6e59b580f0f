package org.medirelay.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.BrowserTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * An administrator in headless Chromium: from the dashboard to the accounts page, creates a doctor
 * who gets an invitation link, finds, disables and enables the account; the doctor chooses a
 * password through the link. A patient on the accounts page is told it is for administrators.
 */
class AdminPageBrowserTest extends BrowserTest {

  @Test
  void anAdministratorCreatesADoctorWhoChoosesTheirPasswordThroughTheInvitation() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "dr-" + tag + "@test.medirelay";
    signedInAs(admin());
    browser.get(api.base() + "/");
    wait.until(
            ExpectedConditions.elementToBeClickable(By.cssSelector("a[href='/admin/users.html']")))
        .click();
    wait.until(ExpectedConditions.urlContains("/admin/users.html"));

    WebElement create =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("create-staff")));
    labelled(create, "Name").sendKeys("Dr Browser " + tag);
    labelled(create, "Email").sendKeys(email);
    new Select(labelled(create, "Role")).selectByVisibleText("doctor");
    create.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "created"));
    WebElement link =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation-link")));
    URI invitation = URI.create(link.getDomProperty("value"));
    assertThat(invitation.toString()).startsWith(PUBLIC_URL + "/app/invitation.html#token=");

    WebElement search = browser.findElement(By.id("search"));
    labelled(search, "Name or email contains").sendKeys(tag);
    search.findElement(By.cssSelector("button[type=submit]")).click();
    // The list after creating shows every account; the search narrows it to this one.
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#users tbody tr"), 1));
    By row = By.cssSelector("#users tr[data-email='" + email + "']");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "active"));
    action("Disable " + email).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "disabled"));
    assertThat(api.get("/api/admin/users?q=" + email, adminToken()).body())
        .contains("\"disabled\":true");
    action("Enable " + email).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "active"));

    // The doctor opens the link (on this test's server rather than the public URL).
    browser.get(api.base() + invitation.getRawPath() + "#" + invitation.getRawFragment());
    WebElement form =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("invitation")));
    assertThat(browser.getCurrentUrl()).doesNotContain("token");
    labelled(form, "New password").sendKeys(PASSWORD);
    labelled(form, "The same again").sendKeys(PASSWORD);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("done")));
    assertThat(browser.findElement(By.id("done-email")).getText()).isEqualTo(email);
    assertThat(
            api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), (String) null)
                .status())
        .isEqualTo(200);
  }

  @Test
  void thePageTellsOthersItIsForAdministrators() {
    signedInAs(register("patient"));
    browser.get(api.base() + "/admin/users.html");
    WebElement notice =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("not-admin")));
    assertThat(notice.getText()).contains("for the clinic's administrators");
    assertThat(browser.findElement(By.id("admin")).isDisplayed()).isFalse();
  }

  /** The control a label names: controls on these pages sit inside their label. */
  private static WebElement labelled(WebElement form, String label) {
    return form.findElement(
        By.xpath(
            ".//label[starts-with(normalize-space(.), '"
                + label
                + "')]//*[self::input or"
                + " self::select]"));
  }

  private WebElement action(String label) {
    return wait.until(
        ExpectedConditions.elementToBeClickable(
            By.cssSelector("#users button[aria-label='" + label + "']")));
  }
}
