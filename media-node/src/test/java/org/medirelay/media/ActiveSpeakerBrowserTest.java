package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The active speaker through the real node and call.js, with three headless Chromium pages. Every
 * fake microphone plays the same beep, so all but one person mute (the page's Mute button, after
 * which the browser sends silence, level 127): the other two pages mark the one who is not muted as
 * speaking and show that tile large; when the muting changes hands, the mark follows. Tile view, a
 * person's choice kept in their browser, shows everyone the same size.
 *
 * <p>The node runs with {@code MEDIA_ADAPTATION=off}: the audio level is not part of adapting
 * streams to links, so the active speaker must work without it.
 */
class ActiveSpeakerBrowserTest {

  private static final String SESSION = "sess-speaker";

  @RegisterExtension
  final BrowserCall call = new BrowserCall(SESSION, Map.of("MEDIA_ADAPTATION", "off"));

  @Test
  void theOneWhoIsNotMutedIsTheActiveSpeakerOnTheOthersPages() {
    ChromeDriver alice = call.join("Alice");
    ChromeDriver bob = call.join("Bob");
    ChromeDriver carol = call.join("Carol");
    for (ChromeDriver page : call.pages()) {
      Browsers.awaitActive(page);
      new WebDriverWait(page, Duration.ofSeconds(30)).until(d -> Browsers.tiles(d) == 2);
    }
    bob.findElement(By.id("toggle-audio")).click();
    carol.findElement(By.id("toggle-audio")).click();

    awaitSpeaking("Alice", Duration.ofSeconds(15), bob, carol);
    new WebDriverWait(carol, Duration.ofSeconds(5))
        .withMessage(() -> "speaker view: Alice's tile large, Bob's small; tiles: " + tiles(carol))
        .until(d -> isFeatured(tiles(carol), "Alice", "Bob"));
    new WebDriverWait(alice, Duration.ofSeconds(5))
        .withMessage(() -> "Alice's own page marks nobody; tiles: " + tiles(alice))
        .until(
            d -> tiles(alice).values().stream().noneMatch(t -> "true".equals(t.get("speaking"))));

    alice.findElement(By.id("toggle-audio")).click();
    bob.findElement(By.id("toggle-audio")).click();
    long swapped = System.nanoTime();

    awaitSpeaking("Bob", Duration.ofSeconds(10), alice, carol);
    System.out.printf(
        "active speaker moved to Bob %.1f s after the muting changed hands%n",
        (System.nanoTime() - swapped) / 1e9);
    assertThat(tile(carol, "Alice")).containsEntry("speaking", "false");
    assertThat(isFeatured(tiles(carol), "Bob", "Alice"))
        .as("speaker view: Bob's tile large")
        .isTrue();
    assertThat(tile(carol, "Bob"))
        .as("what a screen reader reads in the caption")
        .containsEntry("caption", "Bob (speaking)");

    // Carol's page reloads (as after a lost connection) while Bob goes on: the node names him as
    // she joins, not at the next change.
    carol.navigate().refresh();
    Browsers.pressJoin(carol); // a reloaded page shows the device check first
    Browsers.awaitActive(carol);
    awaitSpeaking("Bob", Duration.ofSeconds(10), carol);

    // Carol prefers tile view: everyone the same size, and so it stays when her page loads again;
    // pressed again, the speaker is large once more.
    WebElement tileView = carol.findElement(By.id("toggle-layout"));
    assertThat(tileView.isDisplayed()).as("a group consult offers tile view").isTrue();
    tileView.click();
    awaitSameSize(carol, "Bob", "Alice");
    carol.navigate().refresh();
    Browsers.pressJoin(carol);
    Browsers.awaitActive(carol);
    new WebDriverWait(carol, Duration.ofSeconds(30)).until(d -> Browsers.tiles(d) == 2);
    awaitSpeaking("Bob", Duration.ofSeconds(10), carol);
    tileView = carol.findElement(By.id("toggle-layout"));
    assertThat(tileView.getDomAttribute("aria-pressed")).isEqualTo("true");
    awaitSameSize(carol, "Bob", "Alice");
    tileView.click();
    new WebDriverWait(carol, Duration.ofSeconds(5))
        .withMessage(() -> "speaker view again; tiles: " + tiles(carol))
        .until(d -> isFeatured(tiles(carol), "Bob", "Alice"));
    assertThat(tileView.getDomAttribute("aria-pressed")).isEqualTo("false");
  }

  /** Waits until {@code page} shows the tiles of {@code a} and {@code b} at the same size. */
  private static void awaitSameSize(ChromeDriver page, String a, String b) {
    new WebDriverWait(page, Duration.ofSeconds(5))
        .withMessage(
            () -> "tile view: " + a + " and " + b + " the same size; tiles: " + tiles(page))
        .until(
            d -> {
              Map<String, Map<String, Object>> tiles = tiles(page);
              return tiles.containsKey(a)
                  && tiles.containsKey(b)
                  && Math.abs(area(tiles.get(a)) - area(tiles.get(b))) < 0.01 * area(tiles.get(a));
            });
  }

  private static void awaitSpeaking(String name, Duration within, ChromeDriver... pages) {
    for (ChromeDriver page : pages) {
      new WebDriverWait(page, within)
          .pollingEvery(Duration.ofMillis(200))
          .withMessage(() -> name + " marked as speaking")
          .until(
              d -> {
                Map<String, Object> tile = tiles((ChromeDriver) d).get(name);
                return tile != null && "true".equals(tile.get("speaking"));
              });
    }
  }

  /**
   * What a page shows of {@code name}'s tile, read in one script (a reconnecting page rebuilds its
   * tiles): its {@code speaking} and {@code featured} marks, its {@code caption} as text (visible
   * or for screen readers), and its {@code width} and {@code height}.
   */
  private static Map<String, Object> tile(ChromeDriver page, String name) {
    Map<String, Object> tile = tiles(page).get(name);
    if (tile == null) {
      throw new AssertionError("no tile for " + name);
    }
    return tile;
  }

  /** Whether {@code big}'s tile is featured and more than twice the size of {@code small}'s. */
  private static boolean isFeatured(
      Map<String, Map<String, Object>> tiles, String big, String small) {
    return tiles.containsKey(big)
        && tiles.containsKey(small)
        && "true".equals(tiles.get(big).get("featured"))
        && area(tiles.get(big)) > 2 * area(tiles.get(small));
  }

  /**
   * What a page shows, by name, read in one script (a reconnecting page rebuilds its tiles): each
   * tile's {@code speaking} and {@code featured} marks, its {@code caption} as text (visible or for
   * screen readers), and its {@code width} and {@code height}.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> tiles(ChromeDriver page) {
    return (Map<String, Map<String, Object>>)
        page.executeScript(
            "const shown = s => getComputedStyle(s).display !== 'none';"
                + "const out = {};"
                + "document.querySelectorAll('.mr-tile').forEach(t => {"
                + "  const spans = Array.from(t.querySelectorAll('figcaption span'));"
                + "  const r = t.getBoundingClientRect();"
                + "  out[spans[0].textContent] = {speaking: t.dataset.speaking || 'false',"
                + "    featured: t.dataset.featured || 'false',"
                + "    caption: spans.filter(shown).map(s => s.textContent).join(''),"
                + "    width: r.width, height: r.height};"
                + "});"
                + "return out;");
  }

  private static double area(Map<String, Object> tile) {
    return ((Number) tile.get("width")).doubleValue() * ((Number) tile.get("height")).doubleValue();
  }
}
