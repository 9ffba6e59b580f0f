package org.medirelay.medianode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The admin console's node controls through the API: a drain or undrain request reaches the node in
 * its next heartbeat reply, until its heartbeat reports that state; calls in progress are listed
 * with their consultation. Only administrators may; nodes are left draining at the end.
 */
class MediaNodeConsoleApiTest extends AppTest {

  private static final Map<String, String> SECRET =
      Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET);

  @Test
  void aDrainRequestTravelsInTheHeartbeatReplyUntilTheNodeReportsIt() {
    String id = "console-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      drainAndUndrain(id);
    } finally {
      beat(id, true);
    }
    Account doctor = register("doctor");
    AppApi.Response refused = api.post(drainPath(id), "", doctor.token());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    AppApi.Response unknown = api.post(drainPath("no-such-node"), "", adminToken());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
  }

  private void drainAndUndrain(String id) {
    assertThat(beat(id, false).get("drain").isNull()).isTrue();

    JsonNode requested = api.post(drainPath(id), "", adminToken()).expect(202);
    assertThat(requested.get("drainRequest").asBoolean()).isTrue();
    assertThat(requested.get("draining").asBoolean()).isFalse();
    assertThat(beat(id, false).get("drain").asBoolean()).isTrue();
    // Carried out: no more requests, and the node's own control stands.
    assertThat(beat(id, true).get("drain").isNull()).isTrue();
    assertThat(beat(id, true).get("drain").isNull()).isTrue();
    assertThat(node(id).get("drainRequest").isNull()).isTrue();

    api.delete(drainPath(id), adminToken()).expect(202);
    assertThat(beat(id, true).get("drain").asBoolean()).isFalse();
    assertThat(beat(id, false).get("drain").isNull()).isTrue();
  }

  @Test
  void callsInProgressAreListedWithTheirConsultation() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String session =
        api.post("/api/appointments/" + appointment + "/session", "", patient.token())
            .expect(201)
            .get("sessionId")
            .asString();
    String id = "calls-" + UUID.randomUUID().toString().substring(0, 8);
    api.post("/api/media-nodes/heartbeat", heartbeatBody(id, 100, 2, true, session), SECRET)
        .expect(200);

    JsonNode call = null;
    for (JsonNode listed : api.get("/api/admin/calls", adminToken()).expect(200)) {
      if (listed.get("sessionId").asString().equals(session)) {
        call = listed;
      }
    }
    assertThat(call).isNotNull();
    assertThat(call.get("mediaNodeId").asString()).isEqualTo(id);
    assertThat(call.get("appointmentId").asString()).isEqualTo(appointment);
    assertThat(call.get("external").asBoolean()).isFalse();
    assertThat(call.get("doctorName").asString()).startsWith("doctor ");
    assertThat(call.get("patientName").asString()).startsWith("patient ");
    assertThat(api.get("/api/admin/calls", doctor.token()).status()).isEqualTo(403);
    api.post("/api/media-nodes/heartbeat", heartbeatBody(id, 100, 0, true), SECRET).expect(200);
  }

  private JsonNode beat(String id, boolean draining) {
    return api.post("/api/media-nodes/heartbeat", heartbeatBody(id, 100, 0, draining), SECRET)
        .expect(200);
  }

  private JsonNode node(String id) {
    for (JsonNode node : api.get("/api/media-nodes", adminToken()).expect(200)) {
      if (node.get("id").asString().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("node " + id + " is not listed");
  }

  private static String drainPath(String id) {
    return "/api/admin/media-nodes/" + id + "/drain";
  }
}
