package org.medirelay.support;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Base of the browser tests: the app of {@link AppTest} and a headless Chromium for each test. */
public abstract class BrowserTest extends AppTest {

  protected WebDriver browser;
  protected WebDriverWait wait;

  @BeforeEach
  void startBrowser() {
    browser = Browsers.chromium();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    // The dashboards redraw their rows when a pushed event arrives: a condition may read an element
    // the page has just replaced, and the next try reads the new one.
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /**
   * Signs this browser in as the account, the way the dashboard keeps a sign-in: its access token
   * in the tab's sessionStorage, which the app's pages read.
   */
  protected void signedInAs(Account account) {
    browser.get(api.base() + "/");
    ((JavascriptExecutor) browser)
        .executeScript("sessionStorage.setItem('medirelay.token', arguments[0]);", account.token());
  }
}
