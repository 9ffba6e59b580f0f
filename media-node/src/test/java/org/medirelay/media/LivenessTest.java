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
}
