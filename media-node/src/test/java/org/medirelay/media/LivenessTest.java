package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * A participant whose browser vanished without closing leaves; one whose browser answers pings
 * stays.
 */
class LivenessTest {

  @Test
  void silentConnectionIsClosedAndItsParticipantLeavesWhileAPongingOneStays() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer, Map.of("MEDIA_SIGNALING_IDLE_SECONDS", "3"));
        SignalingClient alive = new SignalingClient(node.signalingUrl())) {
      alive.join("s-live", issuer.token("s-live", "Alive", EnumSet.of(Grant.SUBSCRIBE)));
      alive.next("joined");
      try (RawWebSocket vanished = new RawWebSocket(node.signalingPort())) {
        // A WebSocket client that joins, then never sends another byte (it will not answer pings
        // either).
        vanished.sendText(
            "{\"type\":\"join\",\"sessionId\":\"s-live\",\"token\":\""
                + issuer.token("s-live", "Vanished", EnumSet.of(Grant.SUBSCRIBE))
                + "\"}");
        assertThat(
                alive.next("participant-joined").path("participant").path("displayName").asText())
            .isEqualTo("Vanished");
        assertThat(alive.next("participant-left")).isNotNull();
        // Its close says why, with a code on which a page that was only stalled reconnects.
        RawWebSocket.Frame frame = vanished.read();
        while (frame != null && frame.opcode() != 8) {
          frame = vanished.read();
        }
        assertThat(frame).as("a close frame before TCP closes").isNotNull();
        assertThat(frame.closeCode()).isEqualTo(1001);
        assertThat(frame.text()).isEqualTo("Your browser stopped answering; reconnect.");
        vanished.drain();
      }
      // The client that answers pings by itself is still in: it keeps receiving from the node.
      Thread.sleep(4_000);
      try (SignalingClient late = new SignalingClient(node.signalingUrl())) {
        late.join("s-live", issuer.token("s-live", "Late", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(late.next("joined").path("participants").get(0).path("displayName").asText())
            .isEqualTo("Alive");
      }
    }
  }

  /**
   * A page that only listens while the node keeps writing to it (the others' device changes here;
   * the active speaker in a group consult) is pinged all the same, answers, and stays: silence from
   * a live browser is not taken for a vanished one.
   */
  @Test
  void aParticipantThatOnlyListensWhileTheNodeKeepsWritingToItStays() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer, Map.of("MEDIA_SIGNALING_IDLE_SECONDS", "3"));
        SignalingClient listener = new SignalingClient(node.signalingUrl());
        SignalingClient talker = new SignalingClient(node.signalingUrl())) {
      listener.join("s-listen", issuer.token("s-listen", "Listener", EnumSet.of(Grant.SUBSCRIBE)));
      listener.next("joined");
      talker.join("s-listen", issuer.token("s-listen", "Talker", EnumSet.of(Grant.SUBSCRIBE)));
      talker.next("joined");
      // For twice the idle time, something for the listener every half second (a change, within the
      // talker's allowance of device changes), and nothing from it but its pongs.
      for (int i = 0; i < 12; i++) {
        talker.send("{\"type\":\"devices\",\"audio\":" + (i % 2 == 1) + ",\"video\":true}");
        listener.next("participant-devices");
        Thread.sleep(500);
      }
      try (SignalingClient late = new SignalingClient(node.signalingUrl())) {
        late.join("s-listen", issuer.token("s-listen", "Late", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(late.next("joined").path("participants"))
            .extracting(p -> p.path("displayName").asText())
            .containsExactlyInAnyOrder("Listener", "Talker");
      }
    }
  }
}
