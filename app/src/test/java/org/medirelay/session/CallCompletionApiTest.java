package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * When the host ends the call, its media node reports it in a heartbeat and the appointment is
 * completed with the call's start, end and duration; the same heartbeat's reply withdraws the
 * session. A call that merely empties completes nothing. The nodes registered here drain, so no
 * other test's session is placed on them.
 */
class CallCompletionApiTest extends AppTest {

  private static final Map<String, String> SECRET =
      Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET);

  @Test
  void theHostEndingTheCallCompletesTheAppointmentWithTheCallsTimes() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String session = sessionOf(appointment, doctor);
    Instant start = Instant.parse("2026-03-02T09:00:05Z");
    Instant end = Instant.parse("2026-03-02T09:12:39Z");

    JsonNode reply = beat(node(), List.of(session), endedCall(session, start, end)).expect(200);
    assertThat(reply.get("endedSessions").toString()).contains(session);
    JsonNode completed = api.get("/api/appointments/" + appointment, patient.token()).expect(200);
    assertThat(completed.get("status").asString()).isEqualTo("completed");
    assertThat(completed.get("call").get("start").asString()).isEqualTo(start.toString());
    assertThat(completed.get("call").get("end").asString()).isEqualTo(end.toString());
    assertThat(completed.get("call").get("durationSeconds").asLong()).isEqualTo(754);

    // The node repeats a report until it is acknowledged: a repeat changes nothing.
    beat(node(), List.of(), endedCall(session, start, end.plusSeconds(60))).expect(200);
    JsonNode again = api.get("/api/appointments/" + appointment, doctor.token()).expect(200);
    assertThat(again.get("call").get("durationSeconds").asLong()).isEqualTo(754);
    assertThat(again.get("updatedAt")).isEqualTo(completed.get("updatedAt"));
    assertThat(
            api.get("/api/audit?type=CALL_ENDED&subject=" + appointment, adminToken()).expect(200))
        .hasSize(1);
  }

  @Test
  void aCallThatEmptiesOrEndsAfterACancellationCompletesNothing() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String emptied = confirmedAppointment(doctor, patient);
    String emptiedSession = sessionOf(emptied, patient);
    String node = node();
    beat(node, List.of(emptiedSession)).expect(200);
    beat(node, List.of()).expect(200);
    assertThat(status(emptied, doctor)).isEqualTo("confirmed");

    String cancelled = confirmedAppointment(doctor, patient);
    String cancelledSession = sessionOf(cancelled, doctor);
    api.put(
            "/api/appointments/" + cancelled + "/status",
            Map.of("status", "cancelled"),
            patient.token())
        .expect(200);
    Instant start = Instant.now().minusSeconds(300);
    beat(node, List.of(), endedCall(cancelledSession, start, Instant.now())).expect(200);
    assertThat(status(cancelled, doctor)).isEqualTo("cancelled");

    // A report that ends before it starts is ignored; one without its times is refused.
    beat(node, List.of(), endedCall(emptiedSession, start, start.minusSeconds(1))).expect(200);
    assertThat(status(emptied, doctor)).isEqualTo("confirmed");
    AppApi.Response refused =
        beat(node, List.of(), Map.of("sessionId", emptiedSession, "endedAt", start.toString()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(status(emptied, doctor)).isEqualTo("confirmed");
  }

  private String sessionOf(String appointment, Account user) {
    return api.post("/api/appointments/" + appointment + "/session", "", user.token())
        .json()
        .get("sessionId")
        .asString();
  }

  private String status(String appointment, Account user) {
    return api.get("/api/appointments/" + appointment, user.token())
        .expect(200)
        .get("status")
        .asString();
  }

  private static String node() {
    return "ending-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> endedCall(String session, Instant start, Instant end) {
    return Map.of("sessionId", session, "startedAt", start.toString(), "endedAt", end.toString());
  }

  /** A draining node's heartbeat with these sessions in a call and these calls ended. */
  @SafeVarargs
  private AppApi.Response beat(String node, List<String> active, Map<String, Object>... ended) {
    Map<String, Object> body =
        heartbeatBody(node, 100, 2 * active.size(), true, active.toArray(String[]::new));
    body.put("endedCalls", List.of(ended));
    return api.post("/api/media-nodes/heartbeat", body, SECRET);
  }
}
