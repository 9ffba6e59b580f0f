package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * The app withdraws joins in its heartbeat replies (media-node/README.md, "Registration"): within a
 * heartbeat the node closes an ended consultation's call, or a withdrawn guest's connection, with
 * 4410 and the reason, and refuses their still-valid tokens from then on.
 */
class WithdrawalTest {

  private static final String SECRET = "withdrawal-secret-for-test";
  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final SignalingClient.Closed ENDED =
      new SignalingClient.Closed(4410, "The consultation has ended.");
  private static final SignalingClient.Closed WITHDRAWN =
      new SignalingClient.Closed(4410, "Your invitation to this consultation has been withdrawn.");

  @Test
  void anEndedConsultationsCallIsClosedWithinAHeartbeatAndItsLinksRefused() throws Exception {
    try (FakeApp app = new FakeApp(0, 1);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, SECRET, Map.of());
        SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient elsewhere = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10)).isNotNull();
      String patientToken = issuer.token("s-ended", "Pat", BOTH);
      doctor.join("s-ended", issuer.token("s-ended", "Dr", BOTH));
      doctor.next("joined");
      patient.join("s-ended", patientToken);
      patient.next("joined");
      elsewhere.join("s-going-on", issuer.token("s-going-on", "Sam", BOTH));
      elsewhere.next("joined");

      long cancelled = System.nanoTime();
      app.withdraw(List.of("s-ended"), List.of());
      assertThat(doctor.awaitClose()).isEqualTo(ENDED);
      assertThat(patient.awaitClose()).isEqualTo(ENDED);
      // The app asks for a beat every second.
      assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(3));

      try (SignalingClient again = new SignalingClient(node.signalingUrl())) {
        again.join("s-ended", patientToken);
        assertThat(again.awaitClose()).isEqualTo(ENDED);
      }
      // Other consultations go on.
      elsewhere.send("{\"type\":\"chat\",\"text\":\"still here\"}");
      assertThat(elsewhere.next("chat").path("text").asText()).isEqualTo("still here");
    }
  }

  @Test
  void aWithdrawnGuestIsClosedAndRefusedWhileTheOthersStay() throws Exception {
    try (FakeApp app = new FakeApp(0, 1);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, SECRET, Map.of());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient guest = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10)).isNotNull();
      String guestToken = issuer.token("s-guest", "Ana", BOTH);
      patient.join("s-guest", issuer.token("s-guest", "Pat", BOTH));
      patient.next("joined");
      guest.join("s-guest", guestToken);
      guest.next("joined");
      patient.next("participant-joined");

      // TestIssuer's token subject is "user-" and the name.
      app.withdraw(List.of(), List.of("s-guest/user-Ana"));
      assertThat(guest.awaitClose()).isEqualTo(WITHDRAWN);
      assertThat(patient.next("participant-left")).isNotNull();

      try (SignalingClient again = new SignalingClient(node.signalingUrl())) {
        again.join("s-guest", guestToken);
        assertThat(again.awaitClose()).isEqualTo(WITHDRAWN);
      }
      patient.send("{\"type\":\"chat\",\"text\":\"still here\"}");
      assertThat(patient.next("chat").path("text").asText()).isEqualTo("still here");
    }
  }
}
