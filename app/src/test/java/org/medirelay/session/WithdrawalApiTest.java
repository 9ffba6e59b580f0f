package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * A join link stays valid until its token expires, so the app tells media nodes, in each heartbeat
 * reply, which sessions have ended and which guests were withdrawn; and a host withdraws a guest's
 * link. The heartbeats come from a draining node, so no session is placed on it.
 */
class WithdrawalApiTest extends AppTest {

  private JsonNode heartbeatReply() {
    String node = "node-withdrawals-" + UUID.randomUUID().toString().substring(0, 8);
    return api.post(
            "/api/media-nodes/heartbeat",
            heartbeatBody(node, 10, 0, true),
            Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
        .expect(200);
  }

  private String sessionOf(String appointment, Account who) {
    return api.post("/api/appointments/" + appointment + "/session", "", who.token())
        .json()
        .get("sessionId")
        .asString();
  }

  private AppApi.Response openLink(String joinUrl) {
    URI url = URI.create(joinUrl);
    return api.get(url.getRawPath() + "?" + url.getRawQuery());
  }

  @Test
  void mediaNodesAreToldOfACancelledConsultation() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String sessionId = sessionOf(appointment, patient);
    assertThat(heartbeatReply().get("endedSessions").toString()).doesNotContain(sessionId);

    api.put(
            "/api/appointments/" + appointment + "/status",
            Map.of("status", "cancelled"),
            patient.token())
        .expect(200);
    assertThat(heartbeatReply().get("endedSessions").toString()).contains(sessionId);
  }

  @Test
  void aHostWithdrawsAGuestsLinkAndFreesTheirPlace() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);
    String guests = "/api/appointments/" + appointment + "/session/guests";
    JsonNode invited =
        api.post(guests, Map.of("displayName", "Sam (son)"), patient.token()).expect(201);
    String guestId = invited.get("guestId").asString();
    String joinUrl = invited.get("joinUrl").asString();
    String sessionId = invited.get("sessionId").asString();
    assertThat(guestId).startsWith("guest_");
    assertThat(api.get(guests, doctor.token()).expect(200).toString())
        .contains("\"guestId\":\"" + guestId + "\"", "\"displayName\":\"Sam (son)\"");
    assertThat(openLink(joinUrl).status()).isEqualTo(200);

    assertThat(api.delete(guests + "/" + guestId, register("doctor").token()).status())
        .isEqualTo(404);
    assertThat(api.delete(guests + "/" + guestId, admin().token()).status()).isEqualTo(403);
    assertThat(api.delete(guests + "/guest_unknown", doctor.token()).status()).isEqualTo(404);

    assertThat(api.delete(guests + "/" + guestId, doctor.token()).status()).isEqualTo(204);
    AppApi.Response page = openLink(joinUrl);
    assertThat(page.status()).isEqualTo(410);
    assertThat(page.body())
        .contains("invitation to this consultation has been withdrawn")
        .doesNotContain("/call/call.js");
    assertThat(heartbeatReply().get("revokedParticipants").toString())
        .contains("{\"sessionId\":\"" + sessionId + "\",\"userId\":\"" + guestId + "\"}");
    assertThat(api.get(guests, patient.token()).expect(200)).isEmpty();
    assertThat(api.delete(guests + "/" + guestId, patient.token()).status()).isEqualTo(204);

    // The withdrawn guest's place is free again: four more guests, not a fifth.
    for (int i = 1; i <= 4; i++) {
      api.post(guests, Map.of("displayName", "Guest " + i), doctor.token()).expect(201);
    }
    AppApi.Response fifth = api.post(guests, Map.of("displayName", "Guest 5"), doctor.token());
    assertThat(fifth.status()).isEqualTo(409);
    assertThat(fifth.json().get("detail").asString()).contains("Withdraw an invitation");
  }
}
