package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Host controls through a running node's signaling (media-node/README.md, "Host controls"): a
 * host's mute stops the node forwarding the person's audio (real ICE, DTLS and SRTP) until they
 * unmute themselves; asking to unmute changes nothing by itself; a removed person is told who
 * removed them and waits when they come back, until admitted again; and without the moderate grant
 * nothing changes.
 */
class ModerationTest {

  private static final Set<Grant> HOST =
      EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END, Grant.MODERATE);
  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final long PATIENT_AUDIO = 0x3333_0001L;

  private static TestIssuer issuer;
  private static MediaNode node;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer("media-test");
    // Without adaptation the node sends no probing padding: every packet a subscriber gets is
    // media.
    node = TestNodes.start(issuer, Map.of("MEDIA_ADAPTATION", "off"));
  }

  @AfterAll
  static void stop() {
    node.close();
    issuer.close();
  }

  @Test
  void aHostsMuteStopsThePatientsAudioAtTheNodeUntilThePatientUnmutesThemselves() throws Exception {
    ScheduledExecutorService microphone = Executors.newSingleThreadScheduledExecutor();
    try (MediaPeer patient = new MediaPeer(node.signalingUrl());
        MediaPeer doctor = new MediaPeer(node.signalingUrl())) {
      patient.join("m-mute", issuer.token("m-mute", "Pat", MEDIA), PATIENT_AUDIO, 0);
      doctor.join("m-mute", issuer.token("m-mute", "Dr Ana", HOST), 0, 0);
      microphone.scheduleAtFixedRate(
          () -> {
            try {
              patient.sendAudio(PATIENT_AUDIO, 80);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          20,
          TimeUnit.MILLISECONDS);
      awaitGrowth(doctor, 25, "the patient's audio reaches the doctor");

      doctor.signaling.send(hostAction("mute", patient.id()));
      assertThat(patient.signaling.next("muted-by-host").path("by").asText()).isEqualTo("Dr Ana");
      JsonNode devices = doctor.signaling.next("participant-devices");
      assertThat(devices.path("participantId").asText()).isEqualTo(patient.id());
      assertThat(devices.path("audio").asBoolean()).isFalse();
      Thread.sleep(200); // what was already on its way
      long atMute = doctor.freshPackets();
      Thread.sleep(1000);
      assertThat(doctor.freshPackets() - atMute)
          .as("audio forwarded in the second after the mute (the patient sent 50 packets)")
          .isZero();
      assertThat(node.metrics().scrape())
          .containsPattern("medirelay_media_rtp_muted_by_host_total(\\{\\})? [1-9]");

      // Asking changes nothing: the patient's page asks them, and they decide.
      doctor.signaling.send(hostAction("ask-unmute", patient.id()));
      assertThat(patient.signaling.next("unmute-requested").path("by").asText())
          .isEqualTo("Dr Ana");
      Thread.sleep(500);
      assertThat(doctor.freshPackets() - atMute).as("still muted after the request").isZero();

      patient.signaling.send("{\"type\":\"devices\",\"audio\":true,\"video\":false}");
      assertThat(doctor.signaling.next("participant-devices").path("audio").asBoolean()).isTrue();
      awaitGrowth(doctor, 25, "the patient unmuted themselves: their audio flows again");
    } finally {
      microphone.shutdownNow();
    }
  }

  @Test
  void aRemovedPersonIsToldWhoRemovedThemAndWaitsWhenTheyComeBackUntilAdmittedAgain()
      throws Exception {
    // The guest's token has the admit grant: removed, they wait all the same.
    String guestToken = issuer.token("m-remove", "Gus", MEDIA);
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient guest = new SignalingClient(node.signalingUrl())) {
      doctor.join("m-remove", issuer.token("m-remove", "Dr Ana", HOST));
      assertThat(doctor.next("joined").path("mayModerate").asBoolean()).isTrue();
      guest.join("m-remove", guestToken);
      assertThat(guest.next("joined").path("mayModerate").asBoolean()).isFalse();
      String guestId = doctor.next("participant-joined").path("participant").path("id").asText();

      doctor.send(hostAction("remove", guestId));
      assertThat(guest.awaitClose())
          .isEqualTo(new SignalingClient.Closed(4407, "Dr Ana removed you from the call."));
      assertThat(doctor.next("participant-left").path("participantId").asText()).isEqualTo(guestId);

      try (SignalingClient again = new SignalingClient(node.signalingUrl())) {
        again.join("m-remove", guestToken);
        String waiterId = again.next("waiting").path("self").path("id").asText();
        JsonNode waiting = doctor.next("lobby").path("waiting");
        while (waiting.isEmpty()) {
          waiting = doctor.next("lobby").path("waiting"); // an earlier, empty list
        }
        JsonNode entry = waiting.get(0);
        assertThat(entry.path("id").asText()).isEqualTo(waiterId);
        assertThat(entry.path("removed").asBoolean()).isTrue();
        doctor.send("{\"type\":\"admit\",\"participantId\":\"" + waiterId + "\"}");
        assertThat(again.next("joined").path("self").path("id").asText()).isEqualTo(waiterId);
      }
    }
  }

  @Test
  void hostActionsWithoutTheGrantOrNamingNobodyChangeNothing() throws Exception {
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient guest = new SignalingClient(node.signalingUrl())) {
      doctor.join("m-refuse", issuer.token("m-refuse", "Dr Ana", HOST));
      String doctorId = doctor.next("joined").path("self").path("id").asText();
      patient.join("m-refuse", issuer.token("m-refuse", "Pat", MEDIA));
      String patientId = patient.next("joined").path("self").path("id").asText();
      guest.join("m-refuse", issuer.token("m-refuse", "Gus", MEDIA));
      guest.next("joined");

      // A participant without the moderate grant: refused, their own connection ends.
      guest.send(hostAction("mute", patientId));
      assertThat(guest.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4403, "Only the call's host can mute, remove or ask others to unmute."));
      // The host named by someone without the grant is neither removed nor muted.
      try (SignalingClient pushy = new SignalingClient(node.signalingUrl())) {
        pushy.join("m-refuse", issuer.token("m-refuse", "Pushy", MEDIA));
        pushy.next("joined");
        pushy.send(hostAction("remove", doctorId));
        assertThat(pushy.awaitClose().code()).isEqualTo(4403);
      }
      assertThat(patient.collect("muted-by-host", 300)).isEmpty();

      // The host names nobody in the call, or themselves for removal: told so, nothing changes.
      doctor.send(hostAction("mute", "nobody"));
      JsonNode refused = doctor.next("moderation-refused");
      assertThat(refused.path("participantId").asText()).isEqualTo("nobody");
      assertThat(refused.path("reason").asText())
          .isEqualTo("That person is no longer in the call.");
      doctor.send(hostAction("remove", doctorId));
      assertThat(doctor.next("moderation-refused").path("reason").asText())
          .isEqualTo("To leave the call, use Leave.");

      // A message that names no one ends the host's connection; the patient stays, unmuted.
      doctor.send("{\"type\":\"mute\",\"participantId\":42}");
      assertThat(doctor.awaitClose())
          .isEqualTo(new SignalingClient.Closed(4400, "A mute message names a participant."));
      awaitLeft(patient, doctorId);
      assertThat(patient.collect("muted-by-host", 300)).isEmpty();
    }
  }

  private static String hostAction(String type, String participantId) {
    return "{\"type\":\"" + type + "\",\"participantId\":\"" + participantId + "\"}";
  }

  /** Waits for the {@code participant-left} of {@code participantId} (skipping others'). */
  private static void awaitLeft(SignalingClient client, String participantId) throws Exception {
    while (!client.next("participant-left").path("participantId").asText().equals(participantId)) {
      // someone else's
    }
  }

  /** Waits until {@code peer} has received {@code packets} more fresh RTP packets. */
  private static void awaitGrowth(MediaPeer peer, long packets, String what) throws Exception {
    long from = peer.freshPackets();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (peer.freshPackets() - from < packets && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(peer.freshPackets() - from).as(what).isGreaterThanOrEqualTo(packets);
  }
}
