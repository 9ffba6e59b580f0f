package org.medirelay.e2e;

import java.time.Duration;
import java.util.function.Function;
import org.medirelay.testkit.AppApi;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests do on the app's pages the same way. */
final class Pages {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private Pages() {}

  /** Signs the tab in the way the dashboard keeps a sign-in, and opens the dashboard. */
  static void signIn(ChromeDriver page, AppApi api, String token) {
    page.get(api.base() + "/");
    ((JavascriptExecutor) page)
        .executeScript("sessionStorage.setItem('medirelay.token', arguments[0]);", token);
    page.get(api.base() + "/");
  }

  /** Waits for {@code condition} on {@code page}, 20 s at most. */
  static <T> T await(WebDriver page, Function<? super WebDriver, T> condition) {
    return new WebDriverWait(page, WAIT).until(condition);
  }
}
