package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medirelay.testkit.Browsers;
import org.medirelay.token.Grant;
import org.medirelay.token.InvalidJoinTokenException;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The call page as a new user meets it, in Chromium through the real node: what the page shows
 * after the call, however it ended (left, ended by the host, joined again elsewhere), and that an
 * ended call cannot be joined again.
 */
class CallPageBrowserTest {

  private static final String SESSION = "sess-call-page";
  private static final Set<Grant> HOST =
      EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END, Grant.MODERATE);
  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

  @RegisterExtension final BrowserCall call = new BrowserCall(SESSION);

  /**
   * Leaving leads on (Rejoin, back to the appointments) and Rejoin works; when the host ends the
   * call, both pages show it ended (no meter, chat readable but closed, End for all gone) with no
   * Rejoin; the ended call refuses a new join with 4410 and its reason, and a guest's page offers
   * no way to a dashboard.
   */
  @Test
  void theEndedScreenSaysWhatHappenedAndLeadsOn() {
    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    String patientToken = call.token("Pat Doe", MEDIA);
    ChromeDriver patient = call.joinAs(patientToken);
    Browsers.awaitActive(doctor);
    Browsers.awaitActive(patient);
    await(patient, d -> d.findElement(By.id("call-meter")).isDisplayed());

    patient.findElement(By.id("toggle-chat")).click();
    patient.findElement(By.id("chat-input")).sendKeys("See you soon\n");
    await(patient, d -> chatText(d).contains("Pat Doe: See you soon"));

    // The patient leaves: the ended screen, with the call's length, Rejoin and the way back.
    patient.findElement(By.id("leave")).click();
    assertThat(Browsers.callState(patient)).isEqualTo("ended");
    WebElement ended = patient.findElement(By.className("mr-ended"));
    assertThat(ended.findElement(By.tagName("h1")).getText()).isEqualTo("You left the call");
    // The heading says it; the status line does not say it again.
    assertThat(patient.findElement(By.id("call-status")).isDisplayed()).isFalse();
    assertThat(patient.findElement(By.id("call-lasted")).getText())
        .matches("The call lasted 0:[0-5][0-9]\\.");
    assertThat(patient.findElement(By.id("call-meter")).isDisplayed()).isFalse();
    WebElement rejoin = await(patient, d -> d.findElement(By.cssSelector("[data-action=rejoin]")));
    assertThat(rejoin.getText()).isEqualTo("Rejoin");
    assertThat(rejoin.getDomAttribute("href")).isEqualTo(patient.getCurrentUrl());
    assertThat(back(patient).getDomAttribute("href")).isEqualTo(TestIssuer.DASHBOARD);
    // The conversation stays readable; nothing more can be sent.
    assertThat(chatText(patient)).contains("Pat Doe: See you soon");
    assertThat(patient.findElement(By.id("chat-input")).isEnabled()).isFalse();
    assertThat(visibleCallButtons(patient)).containsExactly("toggle-chat");
    await(doctor, d -> Browsers.tiles(d) == 0);

    rejoin.click();
    Browsers.pressJoin(patient);
    Browsers.awaitActive(patient);
    await(doctor, d -> Browsers.tiles(d) == 1);

    // The host ends the call for everyone.
    WebElement end = doctor.findElement(By.id("end-for-all"));
    end.click();
    assertThat(end.getText()).isEqualTo("Click again to end");
    end.click();
    for (ChromeDriver page : List.of(doctor, patient)) {
      await(page, d -> "ended".equals(Browsers.callState(d)));
      assertThat(page.findElement(By.cssSelector(".mr-ended h1")).getText())
          .isEqualTo("The call has ended");
      assertThat(page.findElement(By.id("call-status")).getText())
          .isEqualTo("Dr Ana ended the call.");
      assertThat(page.findElement(By.id("call-meter")).isDisplayed()).isFalse();
      assertThat(page.findElements(By.cssSelector("[data-action=rejoin]"))).isEmpty();
      assertThat(back(page).getText()).isEqualTo("Back to your appointments");
      assertThat(visibleCallButtons(page)).containsExactly("toggle-chat");
    }
    WebElement endButton = doctor.findElement(By.id("end-for-all"));
    assertThat(endButton.isDisplayed()).isFalse();
    assertThat(endButton.getDomProperty("textContent")).isEqualTo("End for all");

    // The ended call cannot be joined again: the node refuses at once (4410), the page says why.
    // A guest's page has no dashboard to lead to.
    patient.get(call.guestJoinUrl(call.token("Gia Guest", MEDIA)));
    Browsers.pressJoin(patient);
    await(patient, d -> "ended".equals(Browsers.callState(d)));
    assertThat(patient.findElement(By.cssSelector(".mr-ended h1")).getText())
        .isEqualTo("The call has ended");
    assertThat(patient.findElement(By.id("call-status")).getText())
        .isEqualTo("The consultation has ended.");
    assertThat(patient.findElements(By.cssSelector(".mr-ended [data-action]"))).isEmpty();
  }

  /**
   * Everyone's timer counts from the call's start: a patient who joins seconds after the doctor
   * shows the doctor's duration, not their own.
   */
  @Test
  void everyonesTimerCountsFromTheCallsStart() throws Exception {
    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    Browsers.awaitActive(doctor);
    await(doctor, d -> seconds(d) >= 5);
    ChromeDriver patient = call.joinAs(call.token("Pat Doe", MEDIA));
    Browsers.awaitActive(patient);
    await(patient, d -> d.findElement(By.id("call-meter")).isDisplayed());
    for (int i = 0; i < 3; i++) {
      long patientSeconds = seconds(patient);
      long doctorSeconds = seconds(doctor);
      System.out.println(
          "timers: doctor " + doctorSeconds + " s, patient " + patientSeconds + " s");
      assertThat(patientSeconds).isGreaterThanOrEqualTo(5).isCloseTo(doctorSeconds, within(1L));
      Thread.sleep(1200);
    }
  }

  /**
   * Muted and camera off are shown, not only named: the toggles are pressed, with their icon struck
   * through, and one's own tile says "You are muted" and shows the initials and "Camera off" in
   * place of the picture; the keyboard reaches and works both toggles.
   */
  @Test
  void oneselfMutedOrWithTheCameraOffIsShownOnOnesOwnTile() {
    ChromeDriver patient = call.joinAs(call.token("Pat Doe", MEDIA));
    Browsers.awaitActive(patient);
    WebElement self = patient.findElement(By.id("self-tile"));
    WebElement microphone = patient.findElement(By.id("toggle-audio"));
    WebElement camera = patient.findElement(By.id("toggle-video"));
    assertThat(pressed(microphone)).isFalse();
    assertThat(slashShown(microphone)).isFalse();
    assertThat(self.findElement(By.id("local-video")).isDisplayed()).isTrue();
    assertThat(self.getText()).doesNotContain("You are muted", "Camera off");

    microphone.sendKeys(Keys.SPACE);
    await(patient, d -> pressed(microphone));
    assertThat(slashShown(microphone)).isTrue();
    assertThat(microphone.getText()).isEqualTo("Mute");
    assertThat(self.findElement(By.id("muted-badge")).isDisplayed()).isTrue();
    assertThat(self.getText()).contains("You are muted");

    camera.sendKeys(Keys.ENTER);
    await(patient, d -> pressed(camera));
    assertThat(slashShown(camera)).isTrue();
    assertThat(self.findElement(By.id("local-video")).isDisplayed()).isFalse();
    WebElement initials = self.findElement(By.className("mr-avatar"));
    assertThat(initials.isDisplayed()).isTrue();
    assertThat(initials.getText()).isEqualTo("PD");
    assertThat(self.getText()).contains("Camera off", "You are muted", "You");
    assertThat(self.getRect().getWidth()).isGreaterThan(0);

    camera.click();
    microphone.click();
    await(patient, d -> !pressed(camera) && !pressed(microphone));
    assertThat(self.findElement(By.id("local-video")).isDisplayed()).isTrue();
    assertThat(initials.isDisplayed()).isFalse();
    assertThat(self.getText()).doesNotContain("You are muted", "Camera off");
  }

  /**
   * The other person's picture is shown whole (letterboxed, never cropped to fill the tile), and
   * the open chat leaves it in view: beside it on a wide screen, below it on a phone; every visible
   * control stays inside the viewport at 360, 800 and 1280 px.
   */
  @Test
  void theOthersPictureIsWholeAndTheChatLeavesItInView() {
    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    ChromeDriver patient = call.joinAs(call.token("Pat Doe", MEDIA));
    Browsers.awaitActive(patient);
    await(patient, d -> Browsers.tiles(d) == 1);
    patient.findElement(By.id("toggle-chat")).click();
    for (Dimension size :
        List.of(new Dimension(360, 740), new Dimension(800, 600), new Dimension(1280, 800))) {
      patient.manage().window().setSize(size);
      await(patient, d -> viewportWidth(d) < size.width + 1 && viewportWidth(d) > size.width - 40);
      @SuppressWarnings("unchecked")
      Map<String, Object> layout = (Map<String, Object>) patient.executeScript(LAYOUT);
      System.out.println("call page at " + size.width + " px: " + layout);
      assertThat(layout.get("fit")).as("the picture's fit").isEqualTo("contain");
      assertThat(layout.get("overlap")).as("the chat over the picture").isEqualTo(false);
      assertThat(((Number) layout.get("videoHeight")).longValue())
          .as("the picture's height beside the open chat")
          .isGreaterThanOrEqualTo(150);
      assertThat((List<?>) layout.get("outside")).as("controls outside the viewport").isEmpty();
    }
  }

  /**
   * The same person opening their link in a second window: a refused second join (an expired link)
   * takes nothing from the first; an accepted one takes the call over, the first window shows the
   * ended screen with "Use this window", and nobody is shown the person twice or a tile of the old
   * connection; "Use this window" takes the call back.
   */
  @Test
  void aSecondWindowOfTheSamePersonTakesTheCallOverAndLeavesNoGhost() throws Exception {
    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    String patientToken = call.token("Pat Doe", MEDIA);
    ChromeDriver first = call.joinAs(patientToken);
    Browsers.awaitActive(doctor);
    Browsers.awaitActive(first);
    Browsers.awaitFlowing(doctor, 1);

    ChromeDriver second =
        call.joinAs(call.token("Pat Doe", MEDIA, Instant.now().minus(Duration.ofMinutes(1))));
    await(second, d -> "error".equals(Browsers.callState(d)));
    assertThat(second.findElement(By.id("call-status")).getText())
        .isEqualTo(InvalidJoinTokenException.Reason.EXPIRED.userMessage());
    assertThat(Browsers.callState(first)).isEqualTo("active");
    assertThat(names(doctor)).containsExactly("Pat Doe");

    second.get(call.joinUrl(patientToken));
    Browsers.pressJoin(second);
    Browsers.awaitActive(second);
    await(first, d -> "ended".equals(Browsers.callState(d)));
    assertThat(first.findElement(By.cssSelector(".mr-ended h1")).getText())
        .isEqualTo("The call goes on in another window");
    assertThat(first.findElement(By.id("call-status")).getText())
        .isEqualTo("You joined this call again from another window or device.");
    WebElement useThisWindow =
        await(first, d -> d.findElement(By.cssSelector("[data-action=rejoin]")));
    assertThat(useThisWindow.getText()).isEqualTo("Use this window");
    Browsers.awaitFlowing(second, 1);
    Browsers.awaitFlowing(doctor, 1);
    Thread.sleep(2000); // a late offer of the old connection's streams would have added a tile
    assertThat(names(doctor)).containsExactly("Pat Doe");
    assertThat(names(second)).containsExactly("Dr Ana");

    useThisWindow.click();
    Browsers.pressJoin(first);
    Browsers.awaitActive(first);
    await(second, d -> "ended".equals(Browsers.callState(d)));
    Browsers.awaitFlowing(doctor, 1);
    Thread.sleep(2000);
    assertThat(names(doctor)).containsExactly("Pat Doe");
    assertThat(names(first)).containsExactly("Dr Ana");
  }

  /** The names on a page's remote tiles. */
  private static List<String> names(WebDriver page) {
    return page.findElements(By.cssSelector(".mr-tile figcaption > span:first-child")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** Where the remote picture, the chat and the controls are, as the page lays them out. */
  private static final String LAYOUT =
      "const video = document.querySelector('.mr-tile video').getBoundingClientRect();"
          + "const chat = document.getElementById('chat').getBoundingClientRect();"
          + "const overlap = !(video.right <= chat.left || chat.right <= video.left"
          + "  || video.bottom <= chat.top || chat.bottom <= video.top);"
          + "const outside = Array.from(document.querySelectorAll('button, input, select, a[href]'))"
          + "  .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')"
          + "  .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.top < 0"
          + "    || r.right > innerWidth || r.bottom > innerHeight; })"
          + "  .map(e => e.id || e.textContent.trim());"
          + "return {fit: getComputedStyle(document.querySelector('.mr-tile video')).objectFit,"
          + "  overlap, videoHeight: Math.round(video.height), outside};";

  private static long viewportWidth(WebDriver page) {
    return ((Number) ((JavascriptExecutor) page).executeScript("return innerWidth;")).longValue();
  }

  private static boolean pressed(WebElement toggle) {
    return "true".equals(toggle.getDomAttribute("aria-pressed"));
  }

  private static boolean slashShown(WebElement toggle) {
    return toggle.findElement(By.cssSelector(".mr-icon .mr-slash")).isDisplayed();
  }

  /** The call timer's reading, in seconds. */
  private static long seconds(WebDriver page) {
    String[] parts = page.findElement(By.id("call-timer")).getText().split(":");
    long total = 0;
    for (String part : parts) {
      total = total * 60 + Long.parseLong(part.strip());
    }
    return total;
  }

  private static WebElement back(WebDriver page) {
    return page.findElement(By.cssSelector(".mr-ended [data-action=back]"));
  }

  private static String chatText(WebDriver page) {
    return page.findElement(By.id("chat-messages")).getText();
  }

  /** The ids of the control bar's buttons a person can see. */
  private static List<String> visibleCallButtons(WebDriver page) {
    return page.findElements(By.cssSelector("#call-controls button")).stream()
        .filter(WebElement::isDisplayed)
        .map(button -> button.getDomAttribute("id"))
        .toList();
  }

  private static <T> T await(WebDriver page, Function<? super WebDriver, T> condition) {
    return new WebDriverWait(page, Duration.ofSeconds(20)).until(condition);
  }
}
