package org.medirelay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.medirelay.testkit.AppApi;
import org.medirelay.token.Grant;
import org.medirelay.token.InvalidJoinTokenException;
import org.medirelay.token.JoinTokenVerifier;
import org.medirelay.token.JwksKeyCache;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the HTTP tests: one app on a random port over the embedded store in a temporary data
 * folder, shared by every test class that extends this (Spring caches the context), so the suite
 * starts the app once. Tests create their own users with unique emails and never depend on each
 * other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AppTest {

  public static final String INTERNAL_SECRET = "test-internal-" + UUID.randomUUID();
  public static final String MEDIA_NODE_SECRET = "test-media-" + UUID.randomUUID();
  public static final String TURN_SECRET = "test-turn-" + UUID.randomUUID();
  public static final String PASSWORD = "correct horse battery";

  /** RING_TIMEOUT of the test app. */
  public static final int RING_TIMEOUT_SECONDS = 6;

  private final List<String> liveNodes = new ArrayList<>();

  /** CLIENT_BASE_URL of the test app: join URLs and the join tokens' issuer. */
  public static final String PUBLIC_URL = "https://consult.clinic.test";

  static final Path DATA_DIR = tempDir();

  @LocalServerPort protected int port;
  protected AppApi api;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) {
    registry.add("data-dir", DATA_DIR::toString);
    registry.add("client-base-url", () -> PUBLIC_URL);
    // The suite registers hundreds of users from 127.0.0.1; RestartTest checks the default limit.
    registry.add("registrations-per-address-per-hour", () -> "100000");
    registry.add("internal-secret", () -> INTERNAL_SECRET);
    registry.add("media-node-secret", () -> MEDIA_NODE_SECRET);
    // The suite's media nodes are heartbeat bodies a test posts when it needs them, with no server
    // behind them to answer the app's probe: they stay live for as long as a test may take.
    registry.add("media-node-heartbeat-timeout", () -> "600");
    registry.add("turn-secret", () -> TURN_SECRET);
    registry.add(
        "turn-urls", () -> "turn:127.0.0.1:3478?transport=udp,turns:127.0.0.1:5349?transport=tcp");
    // Rings time out in seconds, not 45, and events arrive quickly (RingApiTest, RingBrowserTest).
    registry.add("ring-timeout", () -> RING_TIMEOUT_SECONDS);
    registry.add("event-poll-interval", () -> "200");
    registry.add("admin-email", () -> "admin@test.medirelay");
    registry.add("admin-password", () -> PASSWORD);
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("medirelay-app-test-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void client() {
    api = new AppApi(port);
  }

  /** A registered and signed-in user. */
  public record Account(String id, String email, String token) {}

  /**
   * A new signed-in account: a patient signs up; a doctor or administrator is created by the
   * configured administrator, as staff are.
   */
  protected Account register(String role) {
    String email = role + "-" + UUID.randomUUID() + "@test.medirelay";
    String name = role + " " + email.substring(role.length() + 1, role.length() + 7);
    return account(
        email,
        role.equals("patient")
            ? api.signUp(name, email, PASSWORD)
            : api.createStaff(adminToken(), name, email, PASSWORD, role));
  }

  private String adminToken;

  /** The configured administrator's token, signed in once per test. */
  protected String adminToken() {
    if (adminToken == null) {
      adminToken = admin().token();
    }
    return adminToken;
  }

  protected Account login(String email) {
    return account(email, api.login(email, PASSWORD));
  }

  private static Account account(String email, JsonNode signedIn) {
    return new Account(
        signedIn.get("user").get("id").asString(), email, signedIn.get("token").asString());
  }

  protected Account admin() {
    return login("admin@test.medirelay");
  }

  /** A whole hour some days ahead, so slots are in the future and on whole minutes. */
  protected static Instant hoursAhead(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).plus(hours, ChronoUnit.HOURS);
  }

  /** Publishes a window of 30-minute slots starting {@code hoursAhead} from now. */
  protected void publish(Account doctor, Instant start, int slots) {
    api.publishSlots(
            doctor.id(), doctor.token(), start, start.plus(30L * slots, ChronoUnit.MINUTES), 30)
        .expect(201);
  }

  protected AppApi.Response book(Account patient, Account doctor, Instant start) {
    return api.post(
        "/api/appointments",
        Map.of("doctorId", doctor.id(), "start", start.toString(), "reason", "cough"),
        patient.token());
  }

  /**
   * A media node's heartbeat body: two participants per session, these sessions having someone in
   * the call.
   */
  protected static Map<String, Object> heartbeatBody(
      String node, int capacity, int participants, boolean draining, String... activeSessions) {
    Map<String, Object> body = new HashMap<>();
    body.put("id", node);
    body.put("signalingUrl", "ws://127.0.0.1:8443/" + node + "/ws");
    body.put("udpAddress", "127.0.0.1:10000");
    body.put("capacity", capacity);
    body.put("sessions", participants / 2);
    body.put("participants", participants);
    body.put("draining", draining);
    body.put("activeSessions", List.of(activeSessions));
    return body;
  }

  /**
   * A live media node's heartbeat (100 participants' capacity) reporting these sessions as having
   * someone in the call.
   */
  protected void mediaNodeHeartbeat(String node, String... activeSessions) {
    live(node, heartbeatBody(node, 100, 2 * activeSessions.length, false, activeSessions));
  }

  /**
   * A live media node's heartbeat saying who is on it: each of {@link #present} in a call or its
   * waiting room; their sessions are the ones with someone in them.
   */
  @SafeVarargs
  protected final void mediaNodeReports(String node, Map<String, Object>... presence) {
    String[] sessions =
        Stream.of(presence).map(p -> (String) p.get("sessionId")).distinct().toArray(String[]::new);
    Map<String, Object> beat = heartbeatBody(node, 100, presence.length, false, sessions);
    beat.put("presence", List.of(presence));
    live(node, beat);
  }

  /** Someone on a media node for a session, in the call or waiting to be let in. */
  protected static Map<String, Object> present(String sessionId, String userId, boolean waiting) {
    return Map.of("sessionId", sessionId, "userId", userId, "waiting", waiting);
  }

  private void live(String node, Map<String, Object> beat) {
    api.post(
            "/api/media-nodes/heartbeat",
            beat,
            Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
        .expect(200);
    liveNodes.add(node);
  }

  /**
   * Takes the nodes this test made live through {@link #mediaNodeHeartbeat} out of service: the
   * tests share one app, and a node left live would take the sessions other tests place (and hide
   * the "no media node" notice).
   */
  @AfterEach
  void drainLiveNodes() {
    for (String node : liveNodes) {
      api.post(
              "/api/media-nodes/heartbeat",
              heartbeatBody(node, 100, 0, true),
              Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
          .expect(200);
    }
    liveNodes.clear();
  }

  /**
   * The grants of the join token in a join link the app answered with ({@code joinUrl}, {@code
   * sessionId}), verified as a media node verifies it: with nothing but the app's JWKS.
   */
  protected Set<Grant> grantsOf(JsonNode joinLink) throws InvalidJoinTokenException {
    String jwks = api.get("/.well-known/jwks.json").body();
    JoinTokenVerifier verifier =
        new JoinTokenVerifier(
            new JwksKeyCache(() -> jwks, Clock.systemUTC(), Duration.ofMinutes(1)),
            PUBLIC_URL,
            Clock.systemUTC(),
            Duration.ZERO);
    String query = URI.create(joinLink.get("joinUrl").asString()).getRawQuery();
    return verifier
        .verify(query.substring("token=".length()), joinLink.get("sessionId").asString())
        .grants();
  }

  /** An RFC 9457 problem document with {@code status}, as every refusal of the API is. */
  protected static void assertProblem(AppApi.Response response, int status) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("title").asString()).isNotBlank();
  }

  /** A confirmed appointment between a new doctor and a new patient; returns its id. */
  protected String confirmedAppointment(Account doctor, Account patient) {
    Instant start = hoursAhead(24 + (int) (Math.random() * 2000));
    publish(doctor, start, 1);
    String id = book(patient, doctor, start).expect(201).get("id").asString();
    api.put("/api/appointments/" + id + "/status", Map.of("status", "confirmed"), doctor.token())
        .expect(200);
    return id;
  }
}
