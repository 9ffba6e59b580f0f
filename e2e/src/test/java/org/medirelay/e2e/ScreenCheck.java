package org.medirelay.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medirelay.testkit.ExternalTool;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a person meets on one screen at the widths of a phone (360 px), a small laptop or tablet
 * (800 px) and a desktop (1280 px): a screenshot of each under target/screenshots/, every visible
 * control in the keyboard's reach, inside the viewport and not covered ({@code
 * unreachable-controls.js}), and no serious or critical accessibility violation found by axe-core
 * run inside the page. Findings are collected, not thrown, so one run lists every screen's.
 */
final class ScreenCheck {

  /** Width and height of each viewport, phone first. */
  static final List<List<Integer>> VIEWPORTS =
      List.of(List.of(360, 740), List.of(800, 600), List.of(1280, 800));

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Path AXE = Path.of("node_modules", "axe-core", "axe.min.js");

  private static final String SETTLE =
      "const done = arguments[arguments.length - 1];"
          + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));";

  private static final String AXE_RUN =
      "const done = arguments[arguments.length - 1];"
          + "axe.run(document, {resultTypes: ['violations']}).then((result) => done(result.violations"
          + "  .filter((v) => v.impact === 'serious' || v.impact === 'critical')"
          + "  .map((v) => v.impact + ' ' + v.id + ' (' + v.help + ') at '"
          + "    + v.nodes.map((n) => n.target.join(' ')).join(', '))),"
          + "  (e) => done(['axe-core failed: ' + e]));";

  private final String axe;
  private final String unreachableControls;
  private final List<String> findings = new ArrayList<>();

  private ScreenCheck(String axe, String unreachableControls) {
    this.axe = axe;
    this.unreachableControls = unreachableControls;
  }

  /**
   * Skips (or, under CI=true, fails) the calling test unless axe-core is installed in e2e's
   * node_modules; call it before starting servers, to skip early.
   */
  static ScreenCheck load() throws IOException {
    if (!Files.isRegularFile(AXE)) {
      throw ExternalTool.unavailable(
          "axe-core is not installed at "
              + AXE.toAbsolutePath()
              + " (npm ci in e2e; the build does it where npm is)");
    }
    try (InputStream script = ScreenCheck.class.getResourceAsStream("unreachable-controls.js")) {
      return new ScreenCheck(
          Files.readString(AXE), new String(script.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Shows the page at each viewport size, saves {@code <screen>-<width>.png} and records the
   * controls it cannot reach there; then runs axe-core once, at the last size (the rules it checks
   * do not depend on the width), and records its serious and critical violations.
   */
  void check(ChromeDriver page, String screen) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    page.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    for (List<Integer> viewport : VIEWPORTS) {
      int width = viewport.get(0);
      resize(page, width, viewport.get(1));
      Files.write(
          SCREENSHOTS.resolve(screen + "-" + width + ".png"),
          page.getScreenshotAs(OutputType.BYTES));
      for (Object problem : (List<?>) page.executeScript(unreachableControls)) {
        findings.add(screen + " at " + width + " px: " + problem);
      }
    }
    page.executeScript(axe);
    for (Object violation : (List<?>) page.executeAsyncScript(AXE_RUN)) {
      findings.add(screen + ": " + violation);
    }
  }

  /** Everything found so far, one line each; empty when every screen passed. */
  List<String> findings() {
    return List.copyOf(findings);
  }

  /**
   * Sets the viewport through the DevTools protocol, exactly this size whatever the window's, and
   * waits two frames for layout and resize observers.
   */
  private static void resize(ChromeDriver page, int width, int height) {
    page.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    page.executeAsyncScript(SETTLE);
  }
}
