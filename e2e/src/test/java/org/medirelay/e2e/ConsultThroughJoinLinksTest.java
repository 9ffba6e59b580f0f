package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The product as a clinic runs it: the app and a media node as separate processes from their built
 * jars, the node registering itself with the app, a doctor and a patient booking through the HTTP
 * API, and headless Chromium pages opening the join links the app hands out (the doctor's, the
 * patient's, an invited interpreter's), seeing and hearing each other through the media node, while
 * an operator drains the node.
 */
class ConsultThroughJoinLinksTest {

  private static final String PASSWORD = "a long enough passphrase";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  private static AppWithMediaNode servers;
  private static AppApi api;

  private final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeAll
  static void startStack() throws Exception {
    servers = AppWithMediaNode.start(work, InetAddress.getLoopbackAddress(), Map.of());
    api = servers.api;
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (servers != null) {
      servers.close();
    }
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @Test
  void doctorAndPatientBookAndThenSeeAndHearEachOtherThroughTheMediaNode() throws Exception {
    JsonNode doctor =
        api.createStaff(servers.adminToken, "Dr. Ada Osei", "ada@e2e.test", PASSWORD, "doctor");
    JsonNode patient = api.signUp("Sam Patient", "sam@e2e.test", PASSWORD);
    String doctorToken = doctor.get("token").asString();
    String patientToken = patient.get("token").asString();
    String doctorId = doctor.get("user").get("id").asString();

    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    api.publishSlots(doctorId, doctorToken, start, start.plus(1, ChronoUnit.HOURS), 30).expect(201);
    JsonNode slots =
        api.get(
                "/api/doctors/"
                    + doctorId
                    + "/slots?from="
                    + start
                    + "&to="
                    + start.plus(1, ChronoUnit.HOURS),
                patientToken)
            .expect(200);
    assertThat(slots).hasSize(2);
    String appointmentId =
        api.post(
                "/api/appointments",
                Map.of(
                    "doctorId",
                    doctorId,
                    "start",
                    slots.get(0).get("start").asString(),
                    "reason",
                    "follow-up"),
                patientToken)
            .expect(201)
            .get("id")
            .asString();
    api.put(
            "/api/appointments/" + appointmentId + "/status",
            Map.of("status", "confirmed"),
            doctorToken)
        .expect(200);

    JsonNode doctorSession =
        api.post("/api/appointments/" + appointmentId + "/session", null, doctorToken).expect(201);
    JsonNode patientSession =
        api.post("/api/appointments/" + appointmentId + "/session", null, patientToken).expect(200);
    assertThat(patientSession.get("sessionId")).isEqualTo(doctorSession.get("sessionId"));
    assertThat(doctorSession.get("sfuNodeId").asString()).isEqualTo(AppWithMediaNode.NODE_ID);

    // A link whose token was tampered with is refused by the app before any media is set up.
    String doctorUrl = doctorSession.get("joinUrl").asString();
    String tampered =
        doctorUrl.substring(0, doctorUrl.length() - 4)
            + (doctorUrl.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(api.get(tampered.substring(api.base().length())).status()).isEqualTo(401);

    // The patient arrives first and waits after the device check: the app's link makes the doctor
    // the host, who lets the patient in.
    ChromeDriver patientPage = open(patientSession.get("joinUrl").asString());
    new WebDriverWait(patientPage, Duration.ofSeconds(20))
        .until(d -> "waiting".equals(Browsers.callState(d)));
    ChromeDriver doctorPage = open(doctorUrl);
    Browsers.admitWaiting(doctorPage, 1);
    Browsers.awaitActive(doctorPage);
    Browsers.awaitActive(patientPage);
    Browsers.awaitFlowing(doctorPage, 1);
    Browsers.awaitFlowing(patientPage, 1);
    for (ChromeDriver page : List.of(doctorPage, patientPage)) {
      Map<String, Object> pair = Browsers.selectedPair(page);
      assertThat(pair.get("remoteAddress")).isEqualTo("127.0.0.1");
      assertThat(((Number) pair.get("remotePort")).intValue())
          .as("media goes to the node's UDP port")
          .isEqualTo(servers.mediaUdpPort);
    }
    assertThat(patientPage.findElement(By.cssSelector(".mr-tile")).getText())
        .contains("Dr. Ada Osei");

    // The doctor invites an interpreter, who joins with a link of their own: all three see and hear
    // each other.
    JsonNode guest =
        api.post(
                "/api/appointments/" + appointmentId + "/session/guests",
                Map.of("displayName", "Ana, interpreter"),
                doctorToken)
            .expect(201);
    ChromeDriver guestPage = open(guest.get("joinUrl").asString());
    Browsers.admitWaiting(doctorPage, 1);
    Browsers.awaitActive(guestPage);
    for (ChromeDriver page : List.of(doctorPage, patientPage, guestPage)) {
      Browsers.awaitFlowing(page, 2);
    }
    assertThat(
            patientPage.findElements(By.cssSelector(".mr-tile")).stream()
                .map(t -> t.getText())
                .toList())
        .anySatisfy(name -> assertThat(name).contains("Ana, interpreter"));

    // The operator drains the node mid-call: the app hears it from the node, the call in progress
    // goes on.
    String sessionId = doctorSession.get("sessionId").asString();
    assertThat(drain("POST")).isEqualTo(200);
    servers.awaitNode(
        node ->
            node.get("draining").asBoolean()
                && node.get("activeSessions").toString().contains(sessionId));

    // The interpreter leaves; doctor and patient keep seeing and hearing each other.
    guestPage.findElement(By.id("leave")).click();
    assertThat(Browsers.callState(guestPage)).isEqualTo("ended");
    for (ChromeDriver page : List.of(doctorPage, patientPage)) {
      new WebDriverWait(page, Duration.ofSeconds(10)).until(d -> Browsers.tiles(page) == 1);
      Browsers.awaitFlowing(page, 1);
    }

    patientPage.findElement(By.id("leave")).click();
    assertThat(Browsers.callState(patientPage)).isEqualTo("ended");
    assertThat(drain("DELETE")).isEqualTo(200);
    servers.awaitNode(node -> !node.get("draining").asBoolean());
  }

  /** POST (drain) or DELETE (undrain) on the media node, as {@code ./medirelay drain} does. */
  private static int drain(String method) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(servers.mediaNodeUrl + "/drain"))
            .header("Authorization", "Bearer " + servers.nodeSecret)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private ChromeDriver open(String joinUrl) {
    ChromeDriver driver = Browsers.chromium();
    browsers.add(driver);
    driver.get(joinUrl);
    Browsers.pressJoin(driver);
    return driver;
  }
}
