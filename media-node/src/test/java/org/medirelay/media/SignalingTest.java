package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;
import org.medirelay.token.InvalidJoinTokenException.Reason;

/**
 * The signaling WebSocket through a running node: who gets in, with what close code and reason, and
 * what offers say.
 */
class SignalingTest {

  private static final String FINGERPRINT =
      "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static TestIssuer issuer;
  private static MediaNode node;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer);
  }

  @AfterAll
  static void stop() {
    node.close();
    issuer.close();
  }

  private static SignalingClient.Closed refusedWith(String sessionId, String token)
      throws Exception {
    try (SignalingClient client = new SignalingClient(node.signalingUrl())) {
      client.join(sessionId, token);
      return client.awaitClose();
    }
  }

  @Test
  void expiredTokenIsRefusedWith4401AndTheReasonForThePerson() throws Exception {
    String token = issuer.token("s1", "Ann", BOTH, Instant.now().minus(Duration.ofMinutes(5)));
    assertThat(refusedWith("s1", token))
        .isEqualTo(new SignalingClient.Closed(4401, Reason.EXPIRED.userMessage()));
  }

  /**
   * The node sends its close frame once and, when the browser answers it, ends TCP without another
   * frame: Chromium reports a close as 1006 ("connection lost") instead of the reason when frames
   * follow its close.
   */
  @Test
  void refusalCompletesTheClosingHandshakeWithOneCloseFrame() throws Exception {
    String token = issuer.token("s1", "Ann", BOTH, Instant.now().minus(Duration.ofMinutes(5)));
    try (RawWebSocket client = new RawWebSocket(node.signalingPort())) {
      client.sendText("{\"type\":\"join\",\"sessionId\":\"s1\",\"token\":\"" + token + "\"}");
      RawWebSocket.Frame close = client.read();
      assertThat(close.opcode()).isEqualTo(8);
      assertThat(close.closeCode()).isEqualTo(4401);
      assertThat(close.text()).isEqualTo(Reason.EXPIRED.userMessage());
      client.sendClose(4401);
      assertThat(client.read()).as("nothing after the node's close frame").isNull();
    }
  }

  @Test
  void closeFromTheBrowserIsAnsweredOnceAndEndsTheConnection() throws Exception {
    try (RawWebSocket client = new RawWebSocket(node.signalingPort())) {
      client.sendClose(1001);
      RawWebSocket.Frame answer = client.read();
      assertThat(answer.opcode()).isEqualTo(8);
      assertThat(answer.closeCode()).isEqualTo(1001);
      assertThat(client.read()).isNull();
    }
  }

  @Test
  void tokenForAnotherSessionIsRefused() throws Exception {
    String token = issuer.token("s1", "Ann", BOTH);
    assertThat(refusedWith("s2", token))
        .isEqualTo(new SignalingClient.Closed(4401, Reason.WRONG_SESSION.userMessage()));
  }

  @Test
  void tokenSignedByAnotherKeyIsRefused() throws Exception {
    try (TestIssuer forger = new TestIssuer("media-test")) {
      String forged = forger.token("s1", "Mallory", BOTH);
      SignalingClient.Closed closed = refusedWith("s1", forged);
      assertThat(closed.code()).isEqualTo(4401);
      assertThat(closed.reason())
          .isIn(Reason.BAD_SIGNATURE.userMessage(), Reason.WRONG_ISSUER.userMessage());
    }
  }

  @Test
  void unsignedAlgNoneTokenIsRefused() throws Exception {
    String valid = issuer.token("s1", "Ann", BOTH);
    String payload = valid.split("\\.")[1];
    String header =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"alg\":\"none\",\"kid\":\"test-key\"}".getBytes(StandardCharsets.UTF_8));
    SignalingClient.Closed closed = refusedWith("s1", header + "." + payload + ".");
    assertThat(closed.code()).isEqualTo(4401);
  }

  @Test
  void tokenWithoutMediaGrantsIsForbidden() throws Exception {
    String token = issuer.token("s1", "Ann", EnumSet.noneOf(Grant.class));
    SignalingClient.Closed closed = refusedWith("s1", token);
    assertThat(closed.code()).isEqualTo(4403);
    assertThat(closed.reason()).isEqualTo("This join link does not allow taking part in the call.");
  }

  /**
   * Every token the app hands a node names that node: one naming another node, or none (a link
   * issued while no node was live, taken from its URL), opens nothing here.
   */
  @Test
  void tokenThatDoesNotNameThisNodeIsForbidden() throws Exception {
    assertThat(refusedWith("s1", issuer.tokenNaming("", "s1", "Ann", BOTH)))
        .isEqualTo(
            new SignalingClient.Closed(
                4403, "This join link does not name a media server. Open the link again."));
    assertThat(refusedWith("s1", issuer.tokenNaming("media-other", "s1", "Ann", BOTH)))
        .isEqualTo(
            new SignalingClient.Closed(
                4403, "This join link is for another media server. Open the link again."));
  }

  @Test
  void garbageMessagesCloseWith4400() throws Exception {
    try (SignalingClient client = new SignalingClient(node.signalingUrl())) {
      client.send("{not json");
      assertThat(client.awaitClose().code()).isEqualTo(4400);
    }
    try (SignalingClient client = new SignalingClient(node.signalingUrl())) {
      client.send("{\"type\":\"answer\",\"version\":1,\"sdp\":\"v=0\"}");
      assertThat(client.awaitClose()).isEqualTo(new SignalingClient.Closed(4400, "Join first."));
    }
  }

  @Test
  void publisherIsOfferedItsUplinkAndSeesLateJoinersAndLeavers() throws Exception {
    try (SignalingClient first = new SignalingClient(node.signalingUrl())) {
      first.join("s-late", issuer.token("s-late", "Dr Who", BOTH));
      JsonNode joined = first.next("joined");
      assertThat(joined.path("participants")).isEmpty();
      JsonNode offer = first.next("offer");
      String sdp = offer.path("sdp").asText();
      assertThat(offer.path("uplink").path("audio").asText()).isEqualTo("0");
      assertThat(sdp)
          .contains(
              "a=group:BUNDLE 0 1",
              "a=recvonly",
              "a=rtcp-mux",
              "a=setup:actpass",
              "a=fingerprint:sha-256 ",
              "typ host",
              "a=ice-ufrag:");
      assertThat(sdp).contains(" " + node.udpPort() + " typ host");

      try (SignalingClient second = new SignalingClient(node.signalingUrl())) {
        second.join("s-late", issuer.token("s-late", "Patient", BOTH));
        JsonNode secondJoined = second.next("joined");
        assertThat(secondJoined.path("participants").get(0).path("displayName").asText())
            .isEqualTo("Dr Who");
        JsonNode arrived = first.next("participant-joined");
        assertThat(arrived.path("participant").path("displayName").asText()).isEqualTo("Patient");
        String secondId = secondJoined.path("self").path("id").asText();
        second.send("{\"type\":\"leave\"}");
        assertThat(second.awaitClose().code()).isEqualTo(1000);
        assertThat(first.next("participant-left").path("participantId").asText())
            .isEqualTo(secondId);
      }
    }
  }

  @Test
  void subscribeOnlyTokenIsNeverOfferedAnUplink() throws Exception {
    try (SignalingClient viewer = new SignalingClient(node.signalingUrl())) {
      viewer.join("s-view", issuer.token("s-view", "Viewer", EnumSet.of(Grant.SUBSCRIBE)));
      viewer.next("joined");
      try (SignalingClient publisher = new SignalingClient(node.signalingUrl())) {
        publisher.join("s-view", issuer.token("s-view", "Doctor", BOTH));
        publisher.next("offer");
        // The viewer has nothing to receive until the publisher's answer names its SSRCs, and
        // nothing to send ever:
        // no offer it gets may contain a receiving (uplink) m-section.
        assertThat(viewer.next("participant-joined")).isNotNull();
        publisher.send(answerFor(publisher, 1, 1111L, 2222L));
        JsonNode offer = viewer.next("offer");
        assertThat(offer.path("uplink").size()).isZero();
        assertThat(offer.path("sdp").asText())
            .doesNotContain("a=recvonly")
            .contains("a=sendonly", "a=ssrc:1111", "a=ssrc:2222");
      }
    }
  }

  @Test
  void aRejoiningPublisherReusesTheSectionsItsPredecessorLeft() throws Exception {
    try (SignalingClient host = new SignalingClient(node.signalingUrl())) {
      host.join("s-reuse", issuer.token("s-reuse", "Host", BOTH));
      JsonNode offer = host.next("offer");
      host.send(answerTo(offer, 101L, 102L));
      try (SignalingClient guest = new SignalingClient(node.signalingUrl())) {
        guest.join("s-reuse", issuer.token("s-reuse", "Guest", BOTH));
        guest.send(answerTo(guest.next("offer"), 201L, 202L));
        offer = host.next("offer");
        assertThat(offer.path("sdp").asText()).contains("a=ssrc:201 ", "a=ssrc:202 ");
        host.send(answerTo(offer, 101L, 102L));
        guest.send("{\"type\":\"leave\"}");
        guest.awaitClose();
      }
      offer = host.next("offer");
      assertThat(offer.path("sdp").asText()).doesNotContain("a=ssrc:201 ").contains("a=inactive");
      host.send(answerTo(offer, 101L, 102L));
      try (SignalingClient again = new SignalingClient(node.signalingUrl())) {
        again.join("s-reuse", issuer.token("s-reuse", "Guest", BOTH));
        again.send(answerTo(again.next("offer"), 301L, 302L));
        String sdp = host.next("offer").path("sdp").asText();
        assertThat(sdp).contains("a=ssrc:301 ", "a=ssrc:302 ").doesNotContain("a=inactive");
        // Two uplinks, the probe stream, and the guest's two reused: nothing grew with the rejoin.
        assertThat(sdp.split("\r\nm=").length - 1).as("m-sections").isEqualTo(5);
      }
    }
  }

  /**
   * A browser that comes back (or a second tab) replaces the person's earlier connection; the
   * others see one of them.
   */
  @Test
  void thePersonJoiningAgainReplacesTheirEarlierConnection() throws Exception {
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient first = new SignalingClient(node.signalingUrl());
        SignalingClient again = new SignalingClient(node.signalingUrl())) {
      doctor.join("s-again", issuer.token("s-again", "Doctor", BOTH));
      doctor.next("joined");
      first.join("s-again", issuer.token("s-again", "Pat", BOTH));
      String firstId = first.next("joined").path("self").path("id").asText();
      again.join("s-again", issuer.token("s-again", "Pat", BOTH));
      JsonNode joined = again.next("joined");
      assertThat(first.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4409, "You joined this call again from another window or device."));
      assertThat(doctor.next("participant-left").path("participantId").asText()).isEqualTo(firstId);
      assertThat(joined.path("self").path("id").asText()).isNotEqualTo(firstId);
    }
  }

  @Test
  void chatReachesEveryoneInTheCallAndIsRateLimited() throws Exception {
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient elsewhere = new SignalingClient(node.signalingUrl())) {
      doctor.join("s-chat", issuer.token("s-chat", "Doctor", BOTH));
      String doctorId = doctor.next("joined").path("self").path("id").asText();
      patient.join("s-chat", issuer.token("s-chat", "Pat", BOTH));
      patient.next("joined");
      elsewhere.join("s-other", issuer.token("s-other", "Eve", BOTH));
      elsewhere.next("joined");

      doctor.send("{\"type\":\"chat\",\"text\":\"  Take 5 mg <b>daily</b>  \"}");
      for (SignalingClient client : List.of(patient, doctor)) {
        JsonNode chat = client.next("chat");
        assertThat(chat.path("text").asText()).isEqualTo("Take 5 mg <b>daily</b>");
        assertThat(chat.path("from").path("id").asText()).isEqualTo(doctorId);
        assertThat(chat.path("from").path("displayName").asText()).isEqualTo("Doctor");
        assertThat(Instant.parse(chat.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
      }
      // A burst beyond five is refused politely, without ending the call.
      for (int i = 0; i < 6; i++) {
        patient.send("{\"type\":\"chat\",\"text\":\"m" + i + "\"}");
      }
      assertThat(patient.next("chat-refused").path("reason").asText()).contains("too quickly");
      patient.send("{\"type\":\"chat\",\"text\":\"\"}");
      assertThat(patient.awaitClose().code()).isEqualTo(4400);
      // Nothing crossed into the other session.
      elsewhere.send("{\"type\":\"chat\",\"text\":\"mine\"}");
      assertThat(elsewhere.next("chat").path("text").asText()).isEqualTo("mine");
    }
  }

  @Test
  void microphoneAndCameraStateReachesTheOthersAndLateJoiners() throws Exception {
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient interpreter = new SignalingClient(node.signalingUrl())) {
      doctor.join("s-devices", issuer.token("s-devices", "Doctor", BOTH));
      doctor.next("joined");
      patient.join("s-devices", issuer.token("s-devices", "Pat", BOTH));
      JsonNode joined = patient.next("joined");
      String patientId = joined.path("self").path("id").asText();
      assertThat(joined.path("participants").get(0).path("video").asBoolean()).isTrue();
      assertThat(doctor.next("participant-joined").path("participant").path("audio").asBoolean())
          .isTrue();

      patient.send("{\"type\":\"devices\",\"audio\":false,\"video\":true}");
      JsonNode devices = doctor.next("participant-devices");
      assertThat(devices.path("participantId").asText()).isEqualTo(patientId);
      assertThat(devices.path("audio").asBoolean()).isFalse();
      assertThat(devices.path("video").asBoolean()).isTrue();
      assertThat(devices.path("screen").asBoolean()).isFalse();
      doctor.send("{\"type\":\"devices\",\"audio\":true,\"video\":true,\"screen\":true}");
      assertThat(patient.next("participant-devices").path("screen").asBoolean()).isTrue();

      // Someone who joins later sees the patient muted from the start.
      interpreter.join("s-devices", issuer.token("s-devices", "Ines", BOTH));
      JsonNode seen = interpreter.next("joined");
      JsonNode patientSeen = null;
      for (JsonNode other : seen.path("participants")) {
        if (other.path("id").asText().equals(patientId)) {
          patientSeen = other;
        }
      }
      assertThat(patientSeen).isNotNull();
      assertThat(patientSeen.path("audio").asBoolean()).isFalse();
      assertThat(patientSeen.path("video").asBoolean()).isTrue();

      // Anything but two booleans is refused with a reason.
      patient.send("{\"type\":\"devices\",\"audio\":\"off\",\"video\":true}");
      assertThat(patient.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4400, "A devices message says true or false for audio and video (and screen)."));
    }
  }

  @Test
  void tileSizesAreTakenWithinBoundsAndBadOrTooManyOnesEndTheConnection() throws Exception {
    String refusal =
        "A video-size message names a participant and gives a width and height in pixels"
            + " (0 to 16384).";
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl())) {
      doctor.join("s-tiles", issuer.token("s-tiles", "Doctor", BOTH));
      assertThat(doctor.next("joined").path("acceptsVideoSize").asBoolean()).isTrue();
      patient.join("s-tiles", issuer.token("s-tiles", "Pat", BOTH));
      String patientId = patient.next("joined").path("self").path("id").asText();

      doctor.send(
          "{\"type\":\"video-size\",\"participantId\":\""
              + patientId
              + "\",\"width\":320,\"height\":180}");
      doctor.send("{\"type\":\"video-size\",\"participantId\":\"gone\",\"width\":0,\"height\":0}");
      doctor.send("{\"type\":\"chat\",\"text\":\"still here\"}");
      assertThat(doctor.next("chat").path("text").asText()).isEqualTo("still here");

      doctor.send("{\"type\":\"video-size\",\"participantId\":\"x\",\"width\":1.5,\"height\":180}");
      assertThat(doctor.awaitClose()).isEqualTo(new SignalingClient.Closed(4400, refusal));

      for (int i = 0; i < 40; i++) {
        patient.send(
            "{\"type\":\"video-size\",\"participantId\":\"x\",\"width\":" + i + ",\"height\":90}");
      }
      assertThat(patient.awaitClose())
          .isEqualTo(new SignalingClient.Closed(4400, "Too many video size changes."));
    }
  }

  @Test
  void audioOnlyIsTakenAsABooleanAndAnythingElseEndsTheConnection() throws Exception {
    try (SignalingClient patient = new SignalingClient(node.signalingUrl())) {
      patient.join("s-audio-only", issuer.token("s-audio-only", "Pat", BOTH));
      assertThat(patient.next("joined").path("acceptsAudioOnly").asBoolean()).isTrue();
      patient.send("{\"type\":\"audio-only\",\"enabled\":true}");
      patient.send("{\"type\":\"audio-only\",\"enabled\":false}");
      patient.send("{\"type\":\"chat\",\"text\":\"still here\"}");
      assertThat(patient.next("chat").path("text").asText()).isEqualTo("still here");

      patient.send("{\"type\":\"audio-only\",\"enabled\":\"yes\"}");
      assertThat(patient.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4400, "An audio-only message says true or false for enabled."));
    }
  }

  @Test
  void theHostEndsTheCallForEveryoneAndNobodyElseMay() throws Exception {
    try (SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient interpreter = new SignalingClient(node.signalingUrl());
        SignalingClient elsewhere = new SignalingClient(node.signalingUrl())) {
      doctor.join(
          "s-end",
          issuer.token("s-end", "Dr Ana", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END)));
      assertThat(doctor.next("joined").path("mayEndForAll").asBoolean()).isTrue();
      patient.join("s-end", issuer.token("s-end", "Pat", BOTH));
      assertThat(patient.next("joined").path("mayEndForAll").asBoolean()).isFalse();
      interpreter.join("s-end", issuer.token("s-end", "Ines", BOTH));
      interpreter.next("joined");
      elsewhere.join("s-other-end", issuer.token("s-other-end", "Eve", BOTH));
      elsewhere.next("joined");

      // Without the end grant, the attempt is refused and ends only the sender's connection.
      interpreter.send("{\"type\":\"end\"}");
      assertThat(interpreter.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(4403, "Only the call's host can end it for everyone."));
      patient.next("participant-left");

      doctor.send("{\"type\":\"end\"}");
      SignalingClient.Closed ended = new SignalingClient.Closed(1000, "Dr Ana ended the call.");
      assertThat(patient.awaitClose()).isEqualTo(ended);
      assertThat(doctor.awaitClose()).isEqualTo(ended);
      // The ended call cannot be joined again, at once (before any heartbeat reply says so).
      try (SignalingClient again = new SignalingClient(node.signalingUrl())) {
        again.join("s-end", issuer.token("s-end", "Pat", BOTH));
        assertThat(again.awaitClose())
            .isEqualTo(new SignalingClient.Closed(4410, "The consultation has ended."));
      }
      // Another session on the node goes on.
      elsewhere.send("{\"type\":\"chat\",\"text\":\"still here\"}");
      assertThat(elsewhere.next("chat").path("text").asText()).isEqualTo("still here");
    }
  }

  /**
   * An answer to {@code offer}: sends on the uplink sections, receives every active forwarded
   * section.
   */
  private static String answerTo(JsonNode offer, long audioSsrc, long videoSsrc) {
    return AnswerSdp.answerTo(
        offer,
        audioSsrc,
        videoSsrc,
        new AnswerSdp.Transport("abcd", "abcdefghijklmnopqrstuvwx", FINGERPRINT, null));
  }

  /**
   * A minimal answer as a browser would send it, publishing audio {@code audioSsrc} and video
   * {@code videoSsrc}.
   */
  private static String answerFor(
      SignalingClient client, long version, long audioSsrc, long videoSsrc) {
    String sdp =
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\n"
            + "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
            + "a=fingerprint:sha-256 "
            + FINGERPRINT
            + "\r\n"
            + "a=setup:active\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
            + "a=ssrc:"
            + audioSsrc
            + " cname:x\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=rtcp-mux\r\n"
            + "a=rtpmap:96 VP8/90000\r\na=ssrc:"
            + videoSsrc
            + " cname:x\r\n";
    return "{\"type\":\"answer\",\"version\":"
        + version
        + ",\"sdp\":"
        + TextNode.valueOf(sdp)
        + "}";
  }
}
