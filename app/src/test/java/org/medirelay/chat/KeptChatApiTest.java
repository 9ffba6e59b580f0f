package org.medirelay.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The clinic's "keep chat" setting through the API: an administrator turns it on, media nodes hear
 * it in their heartbeat replies and report chat in their heartbeats, and the appointment's doctor
 * and patient (or, for an integration session, the clinic backend) read it; nobody else does.
 */
class KeptChatApiTest extends AppTest {

  private static final String SETTINGS = "/api/admin/clinic-settings";

  /** The tests share one app: chat is not kept unless a test says so. */
  @AfterEach
  void chatNotKept() {
    api.put(SETTINGS, Map.of("keepChat", false), adminToken()).expect(200);
  }

  @Test
  void onlyAnAdministratorChangesTheSettingAndNodesHearItInTheirReplies() {
    String node = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(beat(node, List.of()).get("keepChat").asBoolean()).isFalse();
    assertThat(api.get(SETTINGS, adminToken()).expect(200).get("keepChat").asBoolean()).isFalse();

    Account doctor = register("doctor");
    assertThat(api.put(SETTINGS, Map.of("keepChat", true), doctor.token()).status()).isEqualTo(403);
    assertProblem(api.put(SETTINGS, Map.of(), adminToken()), 400);

    JsonNode saved = api.put(SETTINGS, Map.of("keepChat", true), adminToken()).expect(200);
    assertThat(saved.get("keepChat").asBoolean()).isTrue();
    assertThat(saved.get("updatedAt").asString()).isNotBlank();
    assertThat(beat(node, List.of()).get("keepChat").asBoolean()).isTrue();
  }

  @Test
  void theAppointmentsDoctorAndPatientReadItsChatOnceEachInOrder() {
    api.put(SETTINGS, Map.of("keepChat", true), adminToken()).expect(200);
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String session =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
            .expect(201)
            .get("sessionId")
            .asString();
    Instant t = Instant.now();
    Map<String, Object> first = line(session, doctor.id(), "Dr Who", t, "Can you hear me?");
    Map<String, Object> second =
        line(session, patient.id(), "Pat", t.plusSeconds(2), "Yes.\nLoud and clear.");
    String node = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    beat(node, List.of(second, first));
    // A heartbeat whose acknowledgement the node missed carries the same messages again.
    beat(node, List.of(first));

    for (Account reader : List.of(doctor, patient)) {
      JsonNode chat = api.get(chatPath(appointment), reader.token()).expect(200);
      assertThat(chat).hasSize(2);
      assertThat(chat.get(0).get("text").asString()).isEqualTo("Can you hear me?");
      assertThat(chat.get(0).get("from").asString()).isEqualTo("Dr Who");
      assertThat(chat.get(1).get("text").asString()).isEqualTo("Yes.\nLoud and clear.");
      assertThat(chat.get(1).get("userId").asString()).isEqualTo(patient.id());
    }
    // The host ends the call: the past consultation says how much chat it kept.
    Map<String, Object> ended = heartbeatBody(node, 100, 0, true);
    ended.put(
        "endedCalls",
        List.of(
            Map.of(
                "sessionId",
                session,
                "startedAt",
                t.minusSeconds(60).toString(),
                "endedAt",
                t.plusSeconds(60).toString())));
    post(ended).expect(200);
    assertThat(
            api.get("/api/visits", patient.token()).expect(200).get(0).get("chatMessages").asLong())
        .isEqualTo(2);
    for (Account stranger : List.of(register("patient"), register("doctor"))) {
      assertProblem(api.get(chatPath(appointment), stranger.token()), 403);
    }
    // Administrators do not read consultations' chat: it is clinical.
    assertThat(api.get(chatPath(appointment), adminToken()).status()).isEqualTo(403);
    assertProblem(api.get(chatPath("0123456789abcdef01234567"), doctor.token()), 403);
  }

  @Test
  void theClinicBackendReadsTheChatOfItsOwnSessions() {
    String appointment = "ext-" + UUID.randomUUID();
    String session =
        api.postAsClinicBackend(
                "/sessions",
                Map.of("appointmentId", appointment, "doctorId", "d-1", "patientId", "p-1"),
                INTERNAL_SECRET)
            .expect(201)
            .get("sessionId")
            .asString();
    api.put(SETTINGS, Map.of("keepChat", true), adminToken()).expect(200);
    beat(
        "chat-" + UUID.randomUUID().toString().substring(0, 8),
        List.of(line(session, "p-1", "Patient", Instant.now(), "Hello")));

    JsonNode chat =
        api.getAsClinicBackend("/sessions/" + session + "/chat", INTERNAL_SECRET).expect(200);
    assertThat(chat).hasSize(1);
    assertThat(chat.get(0).get("text").asString()).isEqualTo("Hello");
    assertProblem(api.get("/sessions/" + session + "/chat"), 401);
    assertProblem(api.getAsClinicBackend("/sessions/no-such-session/chat", INTERNAL_SECRET), 404);
  }

  @Test
  void aHeartbeatWithAMessageOutOfBoundsIsRefusedWhole() {
    String node = "chat-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> beat = heartbeatBody(node, 100, 0, false);
    beat.put("chat", List.of(line("sess_x", "u", "U", Instant.now(), " ")));
    assertProblem(post(beat), 400);
    beat.put("chat", List.of(line("sess_x", "u", "U", Instant.now(), "x".repeat(2001))));
    assertProblem(post(beat), 400);
  }

  private JsonNode beat(String node, List<Map<String, Object>> chat) {
    Map<String, Object> beat = heartbeatBody(node, 100, 0, true);
    beat.put("chat", chat);
    return post(beat).expect(200);
  }

  private AppApi.Response post(Map<String, Object> beat) {
    return api.post(
        "/api/media-nodes/heartbeat", beat, Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET));
  }

  private static Map<String, Object> line(
      String session, String userId, String name, Instant at, String text) {
    return Map.of(
        "id",
        UUID.randomUUID().toString(),
        "sessionId",
        session,
        "userId",
        userId,
        "displayName",
        name,
        "at",
        at.toString(),
        "text",
        text);
  }

  private static String chatPath(String appointment) {
    return "/api/appointments/" + appointment + "/chat";
  }
}
