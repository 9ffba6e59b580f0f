package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.AppEvents;
import org.medirelay.testkit.WireStore;
import tools.jackson.databind.JsonNode;

/**
 * Two app instances on one store, as a clinic runs them behind a load balancer (README,
 * "Deployment"): two processes from the built jar with the same secrets and MONGO_URI, each request
 * sent to one or the other. What must hold for the clinic holds for the pair: wrong passwords
 * alternating between them pause the account after as many failures as on one instance, new
 * accounts from one address hit one cap, 20 racing requests for one appointment's session, 10 to
 * each, get one session, a ring through one reaches the patient's event stream on the other (and
 * the answer the doctor's), and a proof of work one instance asks for the other accepts, once. The
 * store is a {@link WireStore}: no MongoDB server runs here.
 */
class TwoAppInstancesTest {

  /** LOGIN_MAX_FAILURES_PER_ACCOUNT and REGISTRATIONS_PER_ADDRESS_PER_HOUR at their defaults. */
  private static final int FREE_FAILURES = 5;

  private static final int REGISTRATIONS_PER_HOUR = 10;

  /** LOGIN_MAX_FAILURES_PER_ADDRESS at its default. */
  private static final int FAILURES_PER_ADDRESS = 20;

  private static final String PASSWORD = "correct horse battery";

  @TempDir Path work;

  /** The last account registrationsBeforeCap created: the patient who is rung. */
  private String lastRegistered;

  @Test
  void limitsAndSessionCreationHoldAcrossTwoInstances() throws Exception {
    try (WireStore store = WireStore.inFile(work.resolve("store.mv.db"))) {
      Map<String, String> shared = sharedSettings(store);
      try (ServerProcess first = start("a", shared);
          ServerProcess second = start("b", shared)) {
        List<AppApi> instances = List.of(await(first, "a"), await(second, "b"));

        int alone = failuresBeforePause(List.of(instances.get(0)));
        int alternating = failuresBeforePause(instances);
        System.out.printf(
            "Sign-in: paused after %d wrong passwords on one instance, %d alternating between"
                + " two%n",
            alone, alternating);
        // Five failures are free; the sixth pauses the account and address pair.
        assertThat(alone).isEqualTo(FREE_FAILURES + 1);
        assertThat(alternating).isEqualTo(alone);

        int registered = registrationsBeforeCap(instances);
        System.out.printf(
            "Registration: %d new accounts from one address across both instances, then 429"
                + " (cap %d an hour)%n",
            registered, REGISTRATIONS_PER_HOUR);
        assertThat(registered).isEqualTo(REGISTRATIONS_PER_HOUR);

        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> sessions = racingSessionCreations(instances, shared, statuses);
        System.out.printf(
            "Session creation: 20 racing POST /sessions for one appointment, 10 per instance:"
                + " %d session id(s), statuses %s%n",
            sessions.size(), statuses);
        assertThat(sessions).hasSize(1);
        assertThat(statuses).isEqualTo(Map.of(201, 1, 200, 19));

        ringsReachThePatientThroughTheOtherInstance(instances);

        proofOfWorkAskedByOneIsAcceptedOnceByTheOther(instances, 2 * alone);
      }
    }
  }

  /** What an operator gives every instance alike: the store, the secrets, the public URL. */
  private static Map<String, String> sharedSettings(WireStore store) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Map<String, String> env = new HashMap<>();
    env.put("MONGO_URI", store.uri("medirelay"));
    env.put("ACCESS_TOKEN_SECRET", Base64.getEncoder().encodeToString(key));
    env.put("INTERNAL_SECRET", UUID.randomUUID().toString());
    env.put("CLIENT_BASE_URL", "https://consult.clinic.test");
    // Both instances create (or check) the administrator as they start, at the same time.
    env.put("ADMIN_EMAIL", "admin@e2e.test");
    env.put("ADMIN_PASSWORD", PASSWORD);
    return env;
  }

  private ServerProcess start(String name, Map<String, String> shared) throws Exception {
    Path dir = Files.createDirectories(work.resolve(name));
    Map<String, String> env = new HashMap<>(shared);
    env.put("PORT", Integer.toString(ServerProcess.freeTcpPort()));
    env.put("DATA_DIR", dir.resolve("data").toString());
    Files.writeString(dir.resolve("port"), env.get("PORT"));
    return ServerProcess.start("app", env, dir);
  }

  private AppApi await(ServerProcess app, String name) throws Exception {
    String base = "http://127.0.0.1:" + Files.readString(work.resolve(name).resolve("port"));
    app.awaitHttpOk(URI.create(base + "/health"), Duration.ofSeconds(300));
    return new AppApi(base);
  }

  /**
   * Wrong passwords for a new account, sent to the instances in turn, until one answers 429: how
   * many failed (401) before it.
   */
  private static int failuresBeforePause(List<AppApi> instances) {
    String email = "patient-" + UUID.randomUUID() + "@e2e.test";
    instances.get(0).signUp("Pat Lee", email, PASSWORD);
    for (int attempt = 0; attempt < 3 * FREE_FAILURES; attempt++) {
      AppApi instance = instances.get(attempt % instances.size());
      AppApi.Response answer =
          instance.post(
              "/api/auth/login", Map.of("email", email, "password", "wrong guess"), (String) null);
      if (answer.status() == 429) {
        assertThat(answer.header("Retry-After")).isNotNull();
        return attempt;
      }
      assertThat(answer.status()).isEqualTo(401);
    }
    throw new AssertionError("never paused after " + 3 * FREE_FAILURES + " wrong passwords");
  }

  /**
   * Failed sign-ins from this machine's address, up to LOGIN_MAX_FAILURES_PER_ADDRESS with those
   * before ({@code failedSoFar}), after which each sign-in from it needs a proof of work: the first
   * instance asks for one, the second accepts it with the right password, and the first refuses it
   * used again. The second's access token then works on the first (ACCESS_TOKEN_SECRET is shared).
   */
  private static void proofOfWorkAskedByOneIsAcceptedOnceByTheOther(
      List<AppApi> instances, int failedSoFar) {
    for (int failed = failedSoFar; failed < FAILURES_PER_ADDRESS; failed++) {
      AppApi.Response answer =
          instances
              .get(failed % 2)
              .post(
                  "/api/auth/login",
                  Map.of("email", "nobody-" + UUID.randomUUID() + "@e2e.test", "password", "x"),
                  (String) null);
      assertThat(answer.status()).isEqualTo(401);
    }
    Map<String, String> admin = Map.of("email", "admin@e2e.test", "password", PASSWORD);
    AppApi.Response asked = instances.get(0).post("/api/auth/login", admin, (String) null);
    assertThat(asked.status()).isEqualTo(429);
    Map<String, Object> withProof = new HashMap<>(admin);
    withProof.put("proof", AppApi.proofOfWork(asked.json()));
    AppApi.Response accepted = instances.get(1).post("/api/auth/login", withProof, (String) null);
    AppApi.Response reused = instances.get(0).post("/api/auth/login", withProof, (String) null);
    System.out.printf(
        "Proof of work: asked by one instance after %d failed sign-ins from one address; the"
            + " other accepted the proof (%d), the first refused it used again (%d)%n",
        FAILURES_PER_ADDRESS, accepted.status(), reused.status());
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(reused.status()).isEqualTo(429);
    String token = accepted.json().get("token").asString();
    assertThat(instances.get(0).get("/api/users/profile", token).status()).isEqualTo(200);
  }

  /**
   * A doctor signed in on the first instance rings a patient whose page listens on the second: the
   * ring lives in the store, and each instance's event feed reads it from there. The patient
   * accepts through the second; the doctor's stream on the first hears it.
   */
  private void ringsReachThePatientThroughTheOtherInstance(List<AppApi> instances)
      throws Exception {
    AppApi first = instances.get(0);
    AppApi second = instances.get(1);
    String admin = first.login("admin@e2e.test", PASSWORD).get("token").asString();
    JsonNode doctor =
        first.createStaff(admin, "Dr. Ring", "ring-doctor@e2e.test", PASSWORD, "doctor");
    String doctorId = doctor.get("user").get("id").asString();
    String doctorToken = doctor.get("token").asString();
    String patientToken = second.login(lastRegistered, PASSWORD).get("token").asString();
    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    first
        .publishSlots(doctorId, doctorToken, start, start.plus(30, ChronoUnit.MINUTES), 30)
        .expect(201);
    String appointment =
        second
            .post(
                "/api/appointments",
                Map.of("doctorId", doctorId, "start", start.toString(), "reason", "ring"),
                patientToken)
            .expect(201)
            .get("id")
            .asString();
    first
        .put(
            "/api/appointments/" + appointment + "/status",
            Map.of("status", "confirmed"),
            doctorToken)
        .expect(200);
    try (AppEvents doctorEvents = new AppEvents(first, doctorToken);
        AppEvents patientEvents = new AppEvents(second, patientToken)) {
      long rang = System.nanoTime();
      String ring =
          first
              .post("/api/appointments/" + appointment + "/ring", "", doctorToken)
              .expect(201)
              .get("id")
              .asString();
      patientEvents.about("call:request", ring);
      long heard = System.nanoTime();
      second.post("/api/rings/" + ring + "/accept", "", patientToken).expect(200);
      doctorEvents.about("call:accept", ring);
      long accepted = System.nanoTime();
      System.out.printf(
          "Ringing: a ring through instance a reached the patient's stream on b in %d ms; the"
              + " patient's accept through b reached the doctor's stream on a in %d ms%n",
          (heard - rang) / 1_000_000, (accepted - heard) / 1_000_000);
    }
  }

  /** New accounts from this machine's address, alternating instances, until one answers 429. */
  private int registrationsBeforeCap(List<AppApi> instances) {
    // The two sign-ups of failuresBeforePause came from this address too.
    int registered = 2;
    for (int attempt = 0; attempt < 2 * REGISTRATIONS_PER_HOUR; attempt++) {
      String email = "new-" + UUID.randomUUID() + "@e2e.test";
      AppApi.Response answer =
          instances
              .get(attempt % 2)
              .post(
                  "/api/auth/register",
                  Map.of("name", "Sam Roe", "email", email, "password", PASSWORD),
                  (String) null);
      if (answer.status() == 429) {
        return registered;
      }
      assertThat(answer.status()).isEqualTo(202);
      lastRegistered = email;
      registered++;
    }
    throw new AssertionError("registration was never capped");
  }

  /**
   * 20 clinic-backend requests creating the session of one appointment, released together, 10 to
   * each instance: the session ids they got, and how many got each status.
   */
  private static Set<String> racingSessionCreations(
      List<AppApi> instances, Map<String, String> shared, Map<Integer, Integer> statuses)
      throws Exception {
    Map<String, String> appointment =
        Map.of(
            "appointmentId", "apt-" + UUID.randomUUID(),
            "doctorId", "doctor-1",
            "patientId", "patient-1");
    ExecutorService threads = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AppApi.Response>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        AppApi instance = instances.get(i % 2);
        answers.add(
            threads.submit(
                () -> {
                  go.await();
                  return instance.postAsClinicBackend(
                      "/sessions", appointment, shared.get("INTERNAL_SECRET"));
                }));
      }
      go.countDown();
      Set<String> sessions = new TreeSet<>();
      for (Future<AppApi.Response> answer : answers) {
        AppApi.Response response = answer.get();
        statuses.merge(response.status(), 1, Integer::sum);
        if (response.status() / 100 == 2) {
          sessions.add(response.json().get("sessionId").asString());
        }
      }
      return sessions;
    } finally {
      threads.shutdownNow();
    }
  }
}
