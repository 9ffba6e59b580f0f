package org.medirelay.support;

import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** Checks a page's controls as assistive technology meets them. */
public final class PageChecks {

  private PageChecks() {}

  /**
   * The visible controls (inputs, selects, text areas, buttons, links) that have no accessible
   * name: no label, no aria-label, no text. Empty when every control is named.
   */
  @SuppressWarnings("unchecked")
  public static List<String> unlabelledControls(WebDriver browser) {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('input, select, textarea, button, a[href]')]"
                    + ".filter((c) => c.offsetParent !== null)"
                    + ".filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
                    + " && !c.textContent.trim())"
                    + ".map((c) => c.outerHTML);");
  }
}
