package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.AppEvents;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokenVerifier;
import org.medirelay.token.JsonWebKeySets;
import org.medirelay.token.JwksKeyCache;
import org.medirelay.token.ParticipantRole;
import org.medirelay.turncredential.TurnRestCredential;
import tools.jackson.databind.JsonNode;

class SessionApiTest extends AppTest {

  @Test
  void doctorAndPatientGetOneSessionWithTheirOwnTokensVerifiableFromTheJwks() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);

    AppApi.Response first =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token());
    assertThat(first.status()).isEqualTo(201);
    AppApi.Response second =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token());
    assertThat(second.status()).isEqualTo(200);
    String sessionId = first.json().get("sessionId").asString();
    assertThat(second.json().get("sessionId").asString()).isEqualTo(sessionId);
    assertThat(first.json().get("expiresIn").asLong()).isEqualTo(3600);
    assertThat(first.json().has("mediaNodeId")).isTrue();
    assertThat(first.json().get("sfuNodeId"))
        .as("the former name, still sent")
        .isEqualTo(first.json().get("mediaNodeId"));
    String joinUrl = first.json().get("joinUrl").asString();
    assertThat(joinUrl).startsWith(PUBLIC_URL + "/join/" + sessionId + "?token=");

    // A media node verifies with nothing but the JWKS.
    String jwks = api.get("/.well-known/jwks.json").body();
    JoinTokenVerifier verifier =
        new JoinTokenVerifier(
            new JwksKeyCache(() -> jwks, Clock.systemUTC(), Duration.ofMinutes(1)),
            PUBLIC_URL,
            Clock.systemUTC(),
            Duration.ZERO);
    JoinTokenClaims host = verifier.verify(token(joinUrl), sessionId);
    assertThat(host.role()).isEqualTo(ParticipantRole.HOST);
    assertThat(host.userId()).isEqualTo(doctor.id());
    assertThat(host.grants()).contains(Grant.ADMIT, Grant.END);
    assertThat(Duration.between(host.issuedAt(), host.expiresAt())).isEqualTo(Duration.ofHours(1));
    JoinTokenClaims guest =
        verifier.verify(token(second.json().get("joinUrl").asString()), sessionId);
    assertThat(guest.role()).isEqualTo(ParticipantRole.PARTICIPANT);
    assertThat(guest.grants()).containsExactlyInAnyOrder(Grant.PUBLISH, Grant.SUBSCRIBE);
    assertThat(guest.tokenId()).isNotEqualTo(host.tokenId());
    assertThat(JsonWebKeySets.parse(jwks)).hasSize(1);
    assertThat(jwks).doesNotContain("\"d\"");
  }

  /**
   * The dashboard's "the call has started" notice: a call is in progress while a live media node
   * reports its session.
   */
  @Test
  void eachSideLearnsWhenItsAppointmentsCallIsInProgress() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Account otherPatient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String sessionId = openSession(appointment, doctor);
    assertThat(api.get("/api/calls", patient.token()).json()).isEmpty();

    String node = "node-calls-" + UUID.randomUUID().toString().substring(0, 8);
    mediaNodeHeartbeat(node, sessionId);
    for (Account side : List.of(patient, doctor)) {
      JsonNode calls = api.get("/api/calls", side.token()).json();
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).get("appointmentId").asString()).isEqualTo(appointment);
    }
    assertThat(api.get("/api/calls", otherPatient.token()).json()).isEmpty();
    assertThat(api.get("/api/calls", admin().token()).status()).isEqualTo(403);
    assertThat(api.get("/api/calls").status()).isEqualTo(401);

    // Everyone left: the node stops reporting the session.
    mediaNodeHeartbeat(node);
    assertThat(api.get("/api/calls", patient.token()).json()).isEmpty();
  }

  /**
   * The notice says who is in the call: the node reports who is in each call or waiting for it, and
   * the doctor and the patient hear it on their event streams within a poll of the feed.
   */
  @Test
  void eachSideHearsWhoIsInTheCallOrWaiting() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Account otherPatient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String sessionId = openSession(appointment, doctor);
    String node = "node-who-" + UUID.randomUUID().toString().substring(0, 8);
    try (AppEvents doctorEvents = new AppEvents(api, doctor.token());
        AppEvents patientEvents = new AppEvents(api, patient.token())) {
      doctorEvents.next("ready", data -> true, Duration.ofSeconds(5));
      patientEvents.next("ready", data -> true, Duration.ofSeconds(5));

      long reported = System.nanoTime();
      mediaNodeReports(node, present(sessionId, patient.id(), true));
      JsonNode waiting = doctorEvents.next("calls:changed", about(appointment), WITHIN).data();
      long patientWaitingMillis = (System.nanoTime() - reported) / 1_000_000;
      assertThat(waiting.get("inProgress").asBoolean()).isTrue();
      assertThat(waiting.get("patient").asString()).isEqualTo("waiting");
      assertThat(waiting.get("doctor").isNull()).isTrue();
      JsonNode calls = api.get("/api/calls", doctor.token()).expect(200);
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).get("patient").asString()).isEqualTo("waiting");

      reported = System.nanoTime();
      mediaNodeReports(
          node, present(sessionId, patient.id(), true), present(sessionId, doctor.id(), false));
      JsonNode doctorIn =
          patientEvents
              .next(
                  "calls:changed",
                  data -> about(appointment).test(data) && !data.path("doctor").isNull(),
                  WITHIN)
              .data();
      long doctorInMillis = (System.nanoTime() - reported) / 1_000_000;
      assertThat(doctorIn.get("doctor").asString()).isEqualTo("in-call");
      assertThat(api.get("/api/calls", patient.token()).json().get(0).get("doctor").asString())
          .isEqualTo("in-call");
      // Nobody else hears of it or reads it.
      assertThat(api.get("/api/calls", otherPatient.token()).json()).isEmpty();

      reported = System.nanoTime();
      mediaNodeReports(node);
      JsonNode ended =
          patientEvents
              .next(
                  "calls:changed",
                  data -> about(appointment).test(data) && !data.path("inProgress").asBoolean(),
                  WITHIN)
              .data();
      long endedMillis = (System.nanoTime() - reported) / 1_000_000;
      assertThat(ended.get("doctor").isNull()).isTrue();
      assertThat(api.get("/api/calls", patient.token()).json()).isEmpty();
      System.out.printf(
          "calls:changed after the heartbeat: patient waiting %d ms, doctor in %d ms, ended %d ms"
              + " (EVENT_POLL_INTERVAL 200 ms)%n",
          patientWaitingMillis, doctorInMillis, endedMillis);
    }

    // A node's report of someone without a user id is refused as a problem, and changes nothing.
    Map<String, Object> bad = heartbeatBody(node, 100, 1, false, sessionId);
    bad.put("presence", List.of(Map.of("sessionId", sessionId, "waiting", false)));
    AppApi.Response refused =
        api.post(
            "/api/media-nodes/heartbeat",
            bad,
            Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(api.get("/api/calls", patient.token()).json()).isEmpty();
  }

  private static final Duration WITHIN = Duration.ofSeconds(10);

  private static Predicate<JsonNode> about(String appointment) {
    return data -> appointment.equals(data.path("appointmentId").asString());
  }

  /**
   * An interpreter, a family member or a second clinician joins through a link of their own,
   * without an account.
   */
  @Test
  void theDoctorOrThePatientInvitesAGuestWithALinkOfTheirOwn() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String path = "/api/appointments/" + appointment + "/session/guests";

    AppApi.Response invited =
        api.post(path, Map.of("displayName", "Ana, interpreter"), doctor.token());
    assertThat(invited.status()).isEqualTo(201);
    String sessionId =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token())
            .json()
            .get("sessionId")
            .asString();
    assertThat(invited.json().get("sessionId").asString()).isEqualTo(sessionId);
    String joinUrl = invited.json().get("joinUrl").asString();
    AppApi.Response page =
        api.get(URI.create(joinUrl).getRawPath() + "?" + URI.create(joinUrl).getRawQuery());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-display-name=\"Ana, interpreter\"")
        .contains("data-role=\"participant\"");
    JsonNode turn = invited.json().get("iceServers").get(0);
    assertThat(turn.get("username").asString()).contains(":guest_");

    AppApi.Response family = api.post(path, Map.of("displayName", "Sam (son)"), patient.token());
    assertThat(family.status()).isEqualTo(201);
    assertThat(token(family.json().get("joinUrl").asString())).isNotEqualTo(token(joinUrl));

    assertThat(api.post(path, Map.of("displayName", ""), doctor.token()).status()).isEqualTo(400);
    assertThat(api.post(path, "{", doctor.token()).status()).isEqualTo(400);
    assertThat(api.post(path, Map.of("displayName", "Eve"), register("doctor").token()).status())
        .isEqualTo(404);
    assertThat(api.post(path, Map.of("displayName", "Eve"), admin().token()).status())
        .isEqualTo(403);
  }

  /**
   * One patient invited 205 guests in 3 s and their joins filled a media node: a consultation has
   * at most MAX_GUESTS_PER_SESSION (4) guests, however fast the invitations come.
   */
  @Test
  void theFifthGuestIsRefusedEvenWhenTheInvitationsRace() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String path = "/api/appointments/" + appointment + "/session/guests";
    api.post("/api/appointments/" + appointment + "/session", "", patient.token()).expect(201);

    List<Callable<AppApi.Response>> invitations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, String> body = Map.of("displayName", "Guest " + i);
      invitations.add(() -> api.post(path, body, patient.token()));
    }
    List<Integer> statuses = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      for (Future<AppApi.Response> answer : pool.invokeAll(invitations)) {
        statuses.add(answer.get().status());
      }
    } finally {
      pool.shutdown();
    }
    assertThat(statuses).filteredOn(status -> status == 201).hasSize(4);
    assertThat(statuses).filteredOn(status -> status == 409).hasSize(16);

    AppApi.Response fifth = api.post(path, Map.of("displayName", "Eve"), doctor.token());
    assertThat(fifth.status()).isEqualTo(409);
    assertThat(fifth.contentType()).startsWith("application/problem+json");
    assertThat(fifth.json().get("detail").asString())
        .isEqualTo(
            "This consultation already has 4 guests, as many as the clinic allows."
                + " Withdraw an invitation to invite someone else.");
    // The doctor and the patient still get their own links.
    assertThat(
            api.post("/api/appointments/" + appointment + "/session", "", doctor.token()).status())
        .isEqualTo(200);
  }

  @Test
  void iceServersCarryTurnRestCredentialsTheTurnServerAccepts() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    JsonNode ice =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token())
            .json()
            .get("iceServers");
    assertThat(ice).hasSize(1);
    JsonNode turn = ice.get(0);
    assertThat(turn.get("urls").get(0).asString()).isEqualTo("turn:127.0.0.1:3478?transport=udp");
    String username = turn.get("username").asString();
    assertThat(username).endsWith(":" + patient.id());
    assertThat(TurnRestCredential.matches(TURN_SECRET, username, turn.get("credential").asString()))
        .isTrue();
    assertThat(TurnRestCredential.expiryOf(username).orElseThrow())
        .isAfter(Instant.now().plus(Duration.ofHours(5)));
  }

  @Test
  void aSessionNeedsAConfirmedAppointmentAndOneOfItsTwoPeople() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(300);
    publish(doctor, start, 1);
    String requested = book(patient, doctor, start).json().get("id").asString();
    assertThat(
            api.post("/api/appointments/" + requested + "/session", "", patient.token()).status())
        .isEqualTo(409);
    assertThat(
            api.post("/api/appointments/" + requested + "/session", "", admin().token()).status())
        .isEqualTo(403);
    assertThat(
            api.post("/api/appointments/" + requested + "/session", "", register("doctor").token())
                .status())
        .isEqualTo(404);
  }

  /** The doctor opens the appointment's session (the dashboard's Join); returns its id. */
  private String openSession(String appointment, Account doctor) {
    return api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
        .json()
        .get("sessionId")
        .asString();
  }

  static String token(String joinUrl) {
    String query = URI.create(joinUrl).getRawQuery();
    assertThat(query).startsWith("token=");
    return query.substring("token=".length());
  }

  @Test
  void jwksIsPublicAndCacheable() {
    AppApi.Response jwks = api.get("/.well-known/jwks.json");
    assertThat(jwks.status()).isEqualTo(200);
    assertThat(jwks.contentType()).startsWith("application/jwk-set+json");
    JsonNode key = jwks.json().get("keys").get(0);
    assertThat(key.get("kty").asString()).isEqualTo("EC");
    assertThat(key.get("crv").asString()).isEqualTo("P-256");
    assertThat(key.get("alg").asString()).isEqualTo("ES256");
    assertThat(key.get("kid").asString()).isNotBlank();
    assertThat(Map.of("cache", jwks.header("Cache-Control")))
        .extractingByKey("cache")
        .asString()
        .contains("max-age");
  }
}
