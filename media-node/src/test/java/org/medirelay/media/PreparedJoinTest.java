package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * A page prepares its media transport during its device check ({@code prepare}), then joins on it,
 * with real ICE, DTLS and SRTP: nothing flows either way and nobody in the call hears of the person
 * before the join; at the join the same transport carries the call, with no second handshake. Also
 * through the waiting room, and a page that goes away before joining leaves nothing behind.
 */
class PreparedJoinTest {

  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final long DOCTOR_AUDIO = 0x5150_0001L;
  private static final long DOCTOR_VIDEO = 0x5150_0002L;
  private static final long PATIENT_AUDIO = 0x5150_0003L;
  private static final long PATIENT_VIDEO = 0x5150_0004L;
  private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");

  @Test
  void nothingFlowsBeforeTheJoinAndTheCallRunsOnThePreparedTransportAfterIt() throws Exception {
    ScheduledExecutorService senders = Executors.newSingleThreadScheduledExecutor();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer);
        MediaPeer doctor = new MediaPeer(node.signalingUrl());
        MediaPeer patient = new MediaPeer(node.signalingUrl())) {
      doctor.join("s-prep", issuer.token("s-prep", "Doctor", BOTH), DOCTOR_AUDIO, DOCTOR_VIDEO);
      String token = issuer.token("s-prep", "Patient", BOTH);
      JsonNode prepared = patient.prepare("s-prep", token, PATIENT_AUDIO, PATIENT_VIDEO);
      assertThat(sections(prepared))
          .as("the prepare offer: the patient's uplink only")
          .isEqualTo(2);

      // Both send video; the patient's page even answered with its SSRCs (a browser would not).
      senders.scheduleAtFixedRate(
          () -> {
            try {
              doctor.sendVideo(DOCTOR_VIDEO, 600);
              patient.sendVideo(PATIENT_VIDEO, 600);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      assertThat(doctor.signaling.collect(null, 800))
          .as("the doctor hears nothing of a person who has not joined: no offer, no presence")
          .noneMatch(m -> m.path("type").asText().equals("offer"))
          .noneMatch(m -> m.path("type").asText().equals("participant-joined"))
          .noneMatch(m -> m.path("waiting").size() > 0);
      assertThat(doctor.freshPackets()).as("the doctor receives nothing").isZero();
      assertThat(patient.freshPackets()).as("the patient receives nothing").isZero();

      JsonNode joined = patient.joinPrepared("s-prep", token);
      assertThat(joined.path("participants")).hasSize(1);
      doctor.signaling.next("participant-joined");
      // The streams the prepared answer settled are published as the patient enters: the doctor
      // is offered them before the patient has answered anything more.
      assertThat(doctor.answerNextOffer(DOCTOR_AUDIO, DOCTOR_VIDEO).path("sdp").asText())
          .contains("a=ssrc:" + PATIENT_VIDEO);
      JsonNode offer = patient.answerNextOffer(PATIENT_AUDIO, PATIENT_VIDEO);
      assertThat(ufrag(offer)).as("the same transport").isEqualTo(ufrag(prepared));
      assertThat(sections(offer)).as("now with the doctor's streams").isGreaterThan(2);

      awaitPackets(patient, 50, "the patient receives the doctor's video");
      awaitPackets(doctor, 50, "the doctor receives the patient's video");
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void aPreparedPatientWhoWaitsIsLetInOnTheSameTransport() throws Exception {
    ScheduledExecutorService senders = Executors.newSingleThreadScheduledExecutor();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer);
        MediaPeer doctor = new MediaPeer(node.signalingUrl());
        MediaPeer patient = new MediaPeer(node.signalingUrl())) {
      doctor.join("s-wait", issuer.token("s-wait", "Doctor", BOTH), DOCTOR_AUDIO, DOCTOR_VIDEO);
      String token = issuer.waitingToken("s-wait", "Patient", BOTH);
      JsonNode prepared = patient.prepare("s-wait", token, 0, 0);
      patient.signaling.join("s-wait", token);
      patient.signaling.next("waiting");
      JsonNode lobby = doctor.signaling.next("lobby");
      while (lobby.path("waiting").isEmpty()) {
        lobby = doctor.signaling.next("lobby");
      }
      String patientId = lobby.path("waiting").get(0).path("id").asText();
      doctor.signaling.send("{\"type\":\"admit\",\"participantId\":\"" + patientId + "\"}");
      assertThat(patient.signaling.next("joined").path("self").path("id").asText())
          .isEqualTo(patientId);
      JsonNode offer = patient.answerNextOffer(PATIENT_AUDIO, PATIENT_VIDEO);
      assertThat(ufrag(offer)).as("the same transport").isEqualTo(ufrag(prepared));
      doctor.signaling.next("participant-joined");
      doctor.answerNextOffer(DOCTOR_AUDIO, DOCTOR_VIDEO);

      senders.scheduleAtFixedRate(
          () -> {
            try {
              doctor.sendVideo(DOCTOR_VIDEO, 600);
              patient.sendVideo(PATIENT_VIDEO, 600);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      awaitPackets(patient, 50, "the admitted patient receives the doctor's video");
      awaitPackets(doctor, 50, "the doctor receives the admitted patient's video");
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void aPageThatLeavesBeforeJoiningLeavesNoCallBehind() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer)) {
      try (MediaPeer patient = new MediaPeer(node.signalingUrl())) {
        patient.prepare("s-gone", issuer.token("s-gone", "Patient", BOTH), 0, 0);
        assertThat(node.metrics().scrape()).contains("medirelay_media_sessions 1");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!node.metrics().scrape().contains("medirelay_media_sessions 0")
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(node.metrics().scrape())
          .contains("medirelay_media_sessions 0")
          .contains("medirelay_media_participants 0");
    }
  }

  private static int sections(JsonNode offer) {
    return offer.path("sdp").asText().split("\r\nm=").length - 1;
  }

  private static String ufrag(JsonNode offer) {
    Matcher m = UFRAG.matcher(offer.path("sdp").asText());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static void awaitPackets(MediaPeer peer, long count, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (peer.freshPackets() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(peer.freshPackets()).as(what).isGreaterThanOrEqualTo(count);
  }
}
