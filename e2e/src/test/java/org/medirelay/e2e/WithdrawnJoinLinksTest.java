package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * A join link outlives neither its consultation nor its invitation on the media node: the app and a
 * node as processes, with a heartbeat every second (MEDIA_NODE_HEARTBEAT_INTERVAL=1). A withdrawn
 * guest, and then everyone in a cancelled consultation, are cut off within about one interval and
 * refused when they come back with the same token.
 */
class WithdrawnJoinLinksTest {

  private static final String PASSWORD = "a long enough passphrase";

  /** One heartbeat interval, plus room for a loaded machine. */
  private static final Duration WITHIN = Duration.ofSeconds(4);

  private static final SignalingConnection.Closed ENDED =
      new SignalingConnection.Closed(4410, "The consultation has ended.");
  private static final SignalingConnection.Closed WITHDRAWN =
      new SignalingConnection.Closed(
          4410, "Your invitation to this consultation has been withdrawn.");

  // Kept when a test fails, so the servers' logs can be read.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path work;

  @Test
  void aWithdrawnGuestAndACancelledConsultationAreCutOffOnTheMediaNode() throws Exception {
    try (AppWithMediaNode servers =
        AppWithMediaNode.start(
            work, InetAddress.getLoopbackAddress(), Map.of("MEDIA_NODE_HEARTBEAT_INTERVAL", "1"))) {
      AppApi api = servers.api;
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
      JsonNode guestLink =
          api.post(
                  "/api/appointments/" + appointment + "/session/guests",
                  Map.of("displayName", "Ana, interpreter"),
                  patient)
              .expect(201);
      String sessionId = doctorLink.get("sessionId").asString();

      try (SignalingConnection doctorCall =
              new SignalingConnection(signalingUrl, sessionId, token(doctorLink));
          SignalingConnection patientCall =
              new SignalingConnection(signalingUrl, sessionId, token(patientLink));
          SignalingConnection guestCall =
              new SignalingConnection(signalingUrl, sessionId, token(guestLink))) {
        assertThat(doctorCall.admitted()).isTrue();
        assertThat(patientCall.admitted()).isTrue();
        assertThat(guestCall.admitted()).isTrue();

        // The doctor withdraws the interpreter's invitation.
        api.delete(
                "/api/appointments/"
                    + appointment
                    + "/session/guests/"
                    + guestLink.get("guestId").asString(),
                doctor)
            .expect(204);
        assertThat(guestCall.awaitClose(WITHIN)).isEqualTo(WITHDRAWN);
        assertThat(api.get(path(guestLink)).status()).isEqualTo(410);
        try (SignalingConnection again =
            new SignalingConnection(signalingUrl, sessionId, token(guestLink))) {
          assertThat(again.admitted()).isFalse();
          assertThat(again.awaitClose(WITHIN)).isEqualTo(WITHDRAWN);
        }

        // The patient cancels: the call in progress ends for both, and the links stop working.
        api.put(
                "/api/appointments/" + appointment + "/status",
                Map.of("status", "cancelled"),
                patient)
            .expect(200);
        assertThat(doctorCall.awaitClose(WITHIN)).isEqualTo(ENDED);
        assertThat(patientCall.awaitClose(WITHIN)).isEqualTo(ENDED);
        assertThat(api.get(path(patientLink)).status()).isEqualTo(410);
        try (SignalingConnection again =
            new SignalingConnection(signalingUrl, sessionId, token(patientLink))) {
          assertThat(again.admitted()).isFalse();
          assertThat(again.awaitClose(WITHIN)).isEqualTo(ENDED);
        }
      }
    }
  }

  /**
   * The join link's token: the session is on the one node, so the page would hand over this one.
   */
  private static String token(JsonNode link) {
    return AppWithMediaNode.tokenOf(link.get("joinUrl").asString());
  }

  private static String path(JsonNode link) {
    URI url = URI.create(link.get("joinUrl").asString());
    return url.getRawPath() + "?" + url.getRawQuery();
  }
}
