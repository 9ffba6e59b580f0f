package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The contract, with the app and a media node as processes: when the host ends the call for
 * everyone, {@code GET /api/appointments/{id}} says completed, with the call's start, end and
 * duration, well before the next regular heartbeat (every 10 s here), and the ended call cannot be
 * joined again. The clinic keeps chat here: what was said in the call is with the appointment for
 * its doctor and patient once it ended.
 */
class HostEndsTheCallTest {

  private static final String PASSWORD = "a long enough passphrase";

  /** Far less than the heartbeat interval: the node reports the end at once. */
  private static final Duration WITHIN = Duration.ofSeconds(5);

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  @Test
  void theHostsEndCompletesTheAppointmentAndClosesTheSession() throws Exception {
    try (AppWithMediaNode servers =
        AppWithMediaNode.start(
            work,
            InetAddress.getLoopbackAddress(),
            Map.of("MEDIA_NODE_HEARTBEAT_INTERVAL", "10"))) {
      AppApi api = servers.api;
      api.put("/api/admin/clinic-settings", Map.of("keepChat", true), servers.adminToken)
          .expect(200);
      String signalingUrl = servers.signalingUrl;
      JsonNode doctorAccount =
          api.createStaff(servers.adminToken, "Dr. Ada Osei", "ada@e2e.test", PASSWORD, "doctor");
      String doctor = doctorAccount.get("token").asString();
      String patient = api.signUp("Sam Patient", "sam@e2e.test", PASSWORD).get("token").asString();
      String appointment =
          servers.confirmedAppointment(
              doctorAccount.get("user").get("id").asString(), doctor, patient);
      JsonNode doctorLink =
          api.post("/api/appointments/" + appointment + "/session", null, doctor).expect(201);
      JsonNode patientLink =
          api.post("/api/appointments/" + appointment + "/session", null, patient).expect(200);
      String sessionId = doctorLink.get("sessionId").asString();

      Instant joined = Instant.now();
      try (SignalingConnection doctorCall =
              new SignalingConnection(signalingUrl, sessionId, token(doctorLink));
          SignalingConnection patientCall =
              new SignalingConnection(signalingUrl, sessionId, token(patientLink))) {
        assertThat(doctorCall.admitted()).isTrue();
        assertThat(patientCall.admitted()).isTrue();
        Thread.sleep(1500);
        // The patient waits to be let in; the doctor, in the call, says something.
        doctorCall.send("{\"type\":\"chat\",\"text\":\"Take care, Sam.\"}");
        Thread.sleep(200);
        doctorCall.send("{\"type\":\"end\"}");
        assertThat(patientCall.awaitClose(WITHIN))
            .isEqualTo(new SignalingConnection.Closed(1000, "Dr. Ada Osei ended the call."));
      }
      long deadline = System.nanoTime() + WITHIN.toNanos();
      JsonNode completed = api.get("/api/appointments/" + appointment, patient).expect(200);
      while (!completed.get("status").asString().equals("completed")
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
        completed = api.get("/api/appointments/" + appointment, patient).expect(200);
      }
      assertThat(completed.get("status").asString()).isEqualTo("completed");
      JsonNode call = completed.get("call");
      assertThat(Instant.parse(call.get("start").asString()))
          .isBetween(joined.minusSeconds(1), Instant.now());
      assertThat(call.get("durationSeconds").asLong()).isBetween(1L, 60L);

      // The heartbeat that reported the end carried the chat said before it.
      JsonNode chat = api.get("/api/appointments/" + appointment + "/chat", doctor).expect(200);
      assertThat(chat).hasSize(1);
      assertThat(chat.get(0).get("text").asString()).isEqualTo("Take care, Sam.");
      assertThat(chat.get(0).get("from").asString()).isEqualTo("Dr. Ada Osei");
      assertThat(api.get("/api/visits", patient).expect(200).get(0).get("chatMessages").asLong())
          .isEqualTo(1);

      try (SignalingConnection again =
          new SignalingConnection(signalingUrl, sessionId, token(patientLink))) {
        assertThat(again.admitted()).isFalse();
        assertThat(again.awaitClose(WITHIN))
            .isEqualTo(new SignalingConnection.Closed(4410, "The consultation has ended."));
      }
    }
  }

  private static String token(JsonNode link) {
    return AppWithMediaNode.tokenOf(link.get("joinUrl").asString());
  }
}
