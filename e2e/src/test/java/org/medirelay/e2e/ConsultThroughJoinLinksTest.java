package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.Browsers;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The product as a clinic runs it: the app and a media node as separate processes from their built jars, the node
 * registering itself with the app, a doctor and a patient booking through the HTTP API, and headless Chromium pages
 * opening the join links the app hands out (the doctor's, the patient's, an invited interpreter's), seeing and hearing
 * each other through the media node, while an operator drains the node.
 */
class ConsultThroughJoinLinksTest {

  private static final String NODE_ID = "e2e-node";

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;
  private static ServerProcess app;
  private static ServerProcess mediaNode;
  private static AppApi api;
  private static int mediaUdpPort;
  private static String adminToken;
  private static String nodeSecret;
  private static String mediaNodeUrl;

  private final List<ChromeDriver> browsers = new ArrayList<>();

  @BeforeAll
  static void startStack() throws Exception {
    int appPort = ServerProcess.freeTcpPort();
    String appUrl = "http://localhost:" + appPort;
    nodeSecret = UUID.randomUUID().toString();
    String adminPassword = UUID.randomUUID().toString();
    Files.createDirectories(work.resolve("app"));

    Map<String, String> appEnv = new HashMap<>();
    appEnv.put("PORT", Integer.toString(appPort));
    appEnv.put("DATA_DIR", work.resolve("app").toString());
    appEnv.put("CLIENT_BASE_URL", appUrl);
    appEnv.put("MEDIA_NODE_SECRET", nodeSecret);
    appEnv.put("INTERNAL_SECRET", UUID.randomUUID().toString());
    appEnv.put("ADMIN_EMAIL", "admin@e2e.test");
    appEnv.put("ADMIN_PASSWORD", adminPassword);
    app = ServerProcess.start("app", appEnv, work);
    app.awaitHttpOk(URI.create(appUrl + "/health"), Duration.ofSeconds(120));
    api = new AppApi(appUrl);

    mediaUdpPort = ServerProcess.freeUdpPort();
    int signalingPort = ServerProcess.freeTcpPort();
    Map<String, String> nodeEnv = new HashMap<>();
    nodeEnv.put("MEDIA_NODE_ID", NODE_ID);
    nodeEnv.put("APP_URL", appUrl);
    nodeEnv.put("MEDIA_NODE_SECRET", nodeSecret);
    nodeEnv.put("MEDIA_UDP_PORT", Integer.toString(mediaUdpPort));
    nodeEnv.put("MEDIA_BIND_ADDRESSES", "127.0.0.1");
    nodeEnv.put("MEDIA_SIGNALING_HOST", "127.0.0.1");
    nodeEnv.put("MEDIA_SIGNALING_PORT", Integer.toString(signalingPort));
    mediaNode = ServerProcess.start("media-node", nodeEnv, work);
    mediaNodeUrl = "http://127.0.0.1:" + signalingPort;
    mediaNode.awaitHttpOk(URI.create(mediaNodeUrl + "/health"), Duration.ofSeconds(60));

    adminToken = api.post("/api/auth/login", null, Map.of("email", "admin@e2e.test", "password", adminPassword), 200)
        .get("token").asText();
    awaitNodeLive();
  }

  @AfterAll
  static void stopStack() throws Exception {
    if (mediaNode != null) {
      mediaNode.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(ChromeDriver::quit);
  }

  @Test
  void doctorAndPatientBookAndThenSeeAndHearEachOtherThroughTheMediaNode() throws Exception {
    JsonNode doctor = api.signUp("Dr. Ada Osei", "ada@e2e.test", "doctor");
    JsonNode patient = api.signUp("Sam Patient", "sam@e2e.test", "patient");
    String doctorToken = doctor.get("token").asText();
    String patientToken = patient.get("token").asText();
    String doctorId = doctor.get("user").get("id").asText();

    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    api.post("/api/doctors/" + doctorId + "/availability", doctorToken,
        Map.of("start", start.toString(), "end", start.plus(1, ChronoUnit.HOURS).toString(), "slotMinutes", 30), 201);
    JsonNode slots = api.get("/api/doctors/" + doctorId + "/slots?from=" + start + "&to=" + start.plus(1, ChronoUnit.HOURS),
        patientToken, 200);
    assertThat(slots).hasSize(2);
    String appointmentId = api.post("/api/appointments", patientToken,
        Map.of("doctorId", doctorId, "start", slots.get(0).get("start").asText(), "reason", "follow-up"), 201).get("id").asText();
    api.put("/api/appointments/" + appointmentId + "/status", doctorToken, Map.of("status", "confirmed"), 200);

    JsonNode doctorSession = api.post("/api/appointments/" + appointmentId + "/session", doctorToken, null, 201);
    JsonNode patientSession = api.post("/api/appointments/" + appointmentId + "/session", patientToken, null, 200);
    assertThat(patientSession.get("sessionId")).isEqualTo(doctorSession.get("sessionId"));
    assertThat(doctorSession.get("sfuNodeId").asText()).isEqualTo(NODE_ID);

    // A link whose token was tampered with is refused by the app before any media is set up.
    String doctorUrl = doctorSession.get("joinUrl").asText();
    String tampered = doctorUrl.substring(0, doctorUrl.length() - 4) + (doctorUrl.endsWith("AAAA") ? "BBBB" : "AAAA");
    assertThat(api.status(tampered.substring(api.baseUrl().length()))).isEqualTo(401);

    ChromeDriver doctorPage = open(doctorUrl);
    ChromeDriver patientPage = open(patientSession.get("joinUrl").asText());
    Browsers.awaitActive(doctorPage);
    Browsers.awaitActive(patientPage);
    Browsers.awaitFlowing(doctorPage, 1);
    Browsers.awaitFlowing(patientPage, 1);
    for (ChromeDriver page : List.of(doctorPage, patientPage)) {
      Map<String, Object> pair = Browsers.selectedPair(page);
      assertThat(pair.get("remoteAddress")).isEqualTo("127.0.0.1");
      assertThat(((Number) pair.get("remotePort")).intValue()).as("media goes to the node's UDP port").isEqualTo(mediaUdpPort);
    }
    assertThat(patientPage.findElement(By.cssSelector(".mr-tile")).getText()).contains("Dr. Ada Osei");

    // The doctor invites an interpreter, who joins with a link of their own: all three see and hear each other.
    JsonNode guest =
        api.post("/api/appointments/" + appointmentId + "/session/guests", doctorToken, Map.of("displayName", "Ana, interpreter"), 201);
    ChromeDriver guestPage = open(guest.get("joinUrl").asText());
    Browsers.awaitActive(guestPage);
    for (ChromeDriver page : List.of(doctorPage, patientPage, guestPage)) {
      Browsers.awaitFlowing(page, 2);
    }
    assertThat(patientPage.findElements(By.cssSelector(".mr-tile")).stream().map(t -> t.getText()).toList())
        .anySatisfy(name -> assertThat(name).contains("Ana, interpreter"));

    // The operator drains the node mid-call: the app hears it from the node, the call in progress goes on.
    String sessionId = doctorSession.get("sessionId").asText();
    assertThat(drain("POST")).isEqualTo(200);
    awaitNode(node -> node.get("draining").asBoolean() && node.get("activeSessions").toString().contains(sessionId));

    // The interpreter leaves; doctor and patient keep seeing and hearing each other.
    guestPage.findElement(By.id("leave")).click();
    assertThat(Browsers.callState(guestPage)).isEqualTo("ended");
    for (ChromeDriver page : List.of(doctorPage, patientPage)) {
      new org.openqa.selenium.support.ui.WebDriverWait(page, Duration.ofSeconds(10)).until(d -> Browsers.tiles(page) == 1);
      Browsers.awaitFlowing(page, 1);
    }

    patientPage.findElement(By.id("leave")).click();
    assertThat(Browsers.callState(patientPage)).isEqualTo("ended");
    assertThat(drain("DELETE")).isEqualTo(200);
    awaitNode(node -> !node.get("draining").asBoolean());
  }

  /** POST (drain) or DELETE (undrain) on the media node, as {@code ./medirelay drain} does. */
  private static int drain(String method) throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(URI.create(mediaNodeUrl + "/drain"))
            .header("Authorization", "Bearer " + nodeSecret)
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
            .build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private ChromeDriver open(String joinUrl) {
    ChromeDriver driver = Browsers.chromium();
    browsers.add(driver);
    driver.get(joinUrl);
    return driver;
  }

  private static void awaitNodeLive() throws Exception {
    awaitNode(node -> node.get("live").asBoolean());
  }

  /** Waits until the app's view of the media node satisfies {@code condition}. */
  private static void awaitNode(java.util.function.Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode node : api.get("/api/media-nodes", adminToken, 200)) {
        if (NODE_ID.equals(node.get("id").asText()) && condition.test(node)) {
          return;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the app never saw the media node so:\n" + mediaNode.tail());
  }
}
