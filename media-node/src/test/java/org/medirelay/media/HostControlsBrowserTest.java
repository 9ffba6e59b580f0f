package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.medirelay.testkit.Browsers;
import org.medirelay.token.Grant;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A host's controls and switching devices, in Chromium through the real node, in one call between a
 * doctor and a patient: the doctor's participants panel lists both; the doctor mutes the patient
 * (the patient's page shows it, and the doctor's page stops receiving the patient's audio: its
 * inbound audio packets stop growing) and asks them to unmute, which the patient accepts on their
 * page; the patient switches camera, microphone and (where headless Chromium lists one) speaker in
 * the call's devices menu, and video and sound keep flowing, the camera with its three simulcast
 * layers; last the doctor removes the patient, whose page says so, and the doctor's tile of them
 * goes.
 */
class HostControlsBrowserTest {

  private static final String SESSION = "sess-host-controls";
  private static final Set<Grant> HOST =
      EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END, Grant.MODERATE);
  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

  /**
   * Chromium's fake cameras (its flag takes a device count): fake_device_0 and _3 give I420 frames,
   * _1 depth frames (Y16), which never reach a video sender's encoder (tried: the doctor decoded
   * nothing more), and _2 MJPEG. The patient starts on the first and switches to the fourth.
   */
  private static final String CAMERAS = "device-count=4";

  private static final String SECOND_CAMERA = "fake_device_3";

  /** The patient's camera sender: its track's device, and how many simulcast layers it sends. */
  private static final String CAMERA_SENDER =
      "const s = window.mediRelayCall.videoSender;"
          + "return s && s.track ? {device: s.track.getSettings().deviceId, state: s.track.readyState,"
          + "  layers: s.getParameters().encodings.length} : null;";

  @RegisterExtension final BrowserCall call = new BrowserCall(SESSION);

  @Test
  void theHostMutesAsksToUnmuteAndRemovesThePatientWhoSwitchesDevicesMidCall() throws Exception {
    ChromeDriver doctor = call.joinAs(call.token("Dr Ana", HOST));
    ChromeDriver patient =
        call.joinAs(call.token("Pat Doe", MEDIA), "--use-fake-device-for-media-stream=" + CAMERAS);
    Browsers.awaitActive(doctor);
    Browsers.awaitActive(patient);
    Browsers.awaitFlowing(doctor, 1);

    // The doctor's participants panel: both, with role and devices; host controls for the patient.
    doctor.findElement(By.id("toggle-participants")).click();
    assertThat(doctor.findElement(By.id("toggle-participants")).getDomAttribute("aria-pressed"))
        .isEqualTo("true");
    WebElement pat = await(doctor, d -> entryOf(d, "Pat Doe"));
    assertThat(pat.getText()).contains("Participant", "Microphone on, camera on");
    assertThat(entryOf(doctor, "Dr Ana (you)").findElements(By.tagName("button"))).isEmpty();

    pat.findElement(By.cssSelector("[data-action='mute']")).click();
    await(patient, d -> pressed(d, "toggle-audio"));
    assertThat(requestText(patient)).contains("Dr Ana muted your microphone");
    assertThat(patient.findElement(By.id("muted-badge")).isDisplayed()).isTrue();
    await(doctor, d -> "off".equals(entryOf(d, "Pat Doe").getDomAttribute("data-audio")));
    Thread.sleep(300); // what the node forwarded before the mute
    long before = audioPackets(doctor);
    Thread.sleep(1500);
    assertThat(audioPackets(doctor) - before)
        .as("the patient's audio packets the doctor received in 1.5 s after the mute")
        .isZero();
    patient.findElement(By.cssSelector("[data-action='stay-muted']")).click();

    entryOf(doctor, "Pat Doe").findElement(By.cssSelector("[data-action='ask-unmute']")).click();
    await(patient, d -> requestText(d).contains("Dr Ana asks you to unmute"));
    assertThat(pressed(patient, "toggle-audio")).as("asking unmutes nothing").isTrue();
    patient.findElement(By.cssSelector("[data-action='accept-unmute']")).click();
    await(patient, d -> !pressed(d, "toggle-audio"));
    awaitAudioGrowing(doctor);
    await(doctor, d -> "on".equals(entryOf(d, "Pat Doe").getDomAttribute("data-audio")));

    // The patient switches camera, microphone and speaker in the call's devices menu.
    patient.findElement(By.id("toggle-devices")).click();
    Select camera = new Select(patient.findElement(By.id("call-camera-choice")));
    Map<String, Object> sender = cameraSender(patient);
    assertThat(sender.get("layers")).isEqualTo(3L);
    String otherCamera =
        camera.getOptions().stream()
            .filter(option -> option.getText().equals(SECOND_CAMERA))
            .findFirst()
            .orElseThrow()
            .getDomAttribute("value");
    assertThat(otherCamera).isNotEqualTo(sender.get("device"));
    choose(patient, "call-camera-choice", otherCamera);
    awaitNote(patient, "Now using " + SECOND_CAMERA + ".");
    assertThat(cameraSender(patient).get("device")).isEqualTo(otherCamera);
    assertThat(cameraSender(patient)).containsEntry("state", "live").containsEntry("layers", 3L);
    // Video keeps flowing: the doctor decodes frames of the new camera (a loaded machine gives a
    // few a second).
    long frames = Browsers.inboundTotals(doctor).get("framesDecoded");
    new WebDriverWait(doctor, Duration.ofSeconds(30))
        .withMessage(
            () ->
                "video after the switch ("
                    + frames
                    + " frames decoded before); the patient sends "
                    + rtpStats(patient, "outbound-rtp")
                    + ", the doctor receives "
                    + rtpStats(doctor, "inbound-rtp"))
        .until(d -> Browsers.inboundTotals(doctor).get("framesDecoded") > frames + 5);

    Select microphone = new Select(patient.findElement(By.id("call-microphone-choice")));
    String inUse = microphone.getFirstSelectedOption().getDomAttribute("value");
    String otherMicrophone = other(microphone, inUse);
    String microphoneLabel = label(microphone, otherMicrophone);
    choose(patient, "call-microphone-choice", otherMicrophone);
    awaitNote(patient, "Now using " + microphoneLabel + ".");
    assertThat(
            patient.executeScript(
                "return window.mediRelayCall.audioSender.track.getSettings().deviceId;"))
        .isEqualTo(otherMicrophone);
    awaitAudioGrowing(doctor);
    // The speaker, where headless Chromium lists one: the doctor's sound plays there (setSinkId).
    WebElement speaker = patient.findElement(By.id("call-speaker-choice"));
    if (speaker.isDisplayed()) {
      List<WebElement> speakers = new Select(speaker).getOptions();
      String last = speakers.get(speakers.size() - 1).getDomAttribute("value");
      choose(patient, "call-speaker-choice", last);
      await(
          patient,
          d ->
              last.equals(
                  patient.executeScript(
                      "return document.querySelector('.mr-tile video').sinkId;")));
    }
    System.out.println(
        "devices menu: speaker choice " + (speaker.isDisplayed() ? "used" : "not offered"));

    // The doctor removes the patient: a second click confirms.
    WebElement remove =
        entryOf(doctor, "Pat Doe").findElement(By.cssSelector("[data-action='remove']"));
    remove.click();
    remove.click();
    await(patient, d -> "ended".equals(Browsers.callState(d)));
    assertThat(patient.findElement(By.id("call-status")).getText())
        .isEqualTo("Dr Ana removed you from the call.");
    await(doctor, d -> Browsers.tiles(d) == 0);
    assertThat(doctor.findElements(By.cssSelector("#participants-list [data-participant-id]")))
        .hasSize(1);
  }

  /** The participants panel's entry whose name starts with {@code name}, or null. */
  private static WebElement entryOf(WebDriver page, String name) {
    return page.findElements(By.cssSelector("#participants-list [data-participant-id]")).stream()
        .filter(entry -> entry.findElement(By.className("mr-person")).getText().startsWith(name))
        .findFirst()
        .orElse(null);
  }

  private static boolean pressed(WebDriver page, String id) {
    return "true".equals(page.findElement(By.id(id)).getDomAttribute("aria-pressed"));
  }

  private static String requestText(WebDriver page) {
    WebElement request = page.findElement(By.className("mr-host-request"));
    return request.isDisplayed() ? request.getText() : "";
  }

  private static long audioPackets(ChromeDriver page) {
    return Browsers.inboundTotals(page).get("audioPackets");
  }

  private static void awaitAudioGrowing(ChromeDriver page) {
    long from = audioPackets(page);
    await(page, d -> audioPackets(page) > from + 25);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cameraSender(WebDriver page) {
    Object result = ((JavascriptExecutor) page).executeScript(CAMERA_SENDER);
    return result == null ? Map.of() : (Map<String, Object>) result;
  }

  /**
   * Another device than {@code inUse} in the list, or the same one where there is no other: opening
   * it again still goes through getUserMedia and replaceTrack.
   */
  private static String other(Select choice, String inUse) {
    return choice.getOptions().stream()
        .map(option -> option.getDomAttribute("value"))
        .filter(value -> !value.equals(inUse))
        .findFirst()
        .orElse(inUse);
  }

  /** The page's video RTP statistics of {@code type}, for a failure's message. */
  private static Object rtpStats(ChromeDriver page, String type) {
    return page.executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "window.mediRelayCall.pc.getStats().then(r => { const out = [];"
            + "  r.forEach(s => { if (s.type === arguments[0] && s.kind === 'video') out.push({rid: s.rid,"
            + "    ssrc: s.ssrc, frames: s.framesEncoded || s.framesDecoded, bytes: s.bytesSent || s.bytesReceived,"
            + "    w: s.frameWidth, h: s.frameHeight, limit: s.qualityLimitationReason, keyframes: s.keyFramesEncoded"
            + "    || s.keyFramesDecoded, plis: s.pliCount, active: s.active}); });"
            + "  done(JSON.stringify(out)); });",
        type);
  }

  private static String label(Select choice, String value) {
    return choice.getOptions().stream()
        .filter(option -> value.equals(option.getDomAttribute("value")))
        .findFirst()
        .orElseThrow()
        .getText();
  }

  /** Waits until the devices menu says {@code text}; fails with what it says instead. */
  private static void awaitNote(WebDriver page, String text) {
    new WebDriverWait(page, Duration.ofSeconds(20))
        .withMessage(
            () -> "devices menu: " + page.findElement(By.className("mr-devices-note")).getText())
        .until(d -> d.findElement(By.className("mr-devices-note")).getText().equals(text));
  }

  /** Chooses {@code value} in the select and tells the page, as a person's choice would. */
  private static void choose(WebDriver page, String selectId, String value) {
    ((JavascriptExecutor) page)
        .executeScript(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                + "s.dispatchEvent(new Event('change'));",
            selectId,
            value);
  }

  private static <T> T await(WebDriver page, Function<? super WebDriver, T> condition) {
    return new WebDriverWait(page, Duration.ofSeconds(20)).until(condition);
  }
}
