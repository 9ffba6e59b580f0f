package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * One consultation cannot take a node's capacity: past MEDIA_MAX_PARTICIPANTS_PER_SESSION its joins
 * are refused with 4429, while other sessions still join and a person already in the call can come
 * back.
 */
class CallSizeTest {

  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

  @Test
  void aBurstOfJoinsToOneCallFillsOnlyItsShareOfTheNode() throws Exception {
    List<SignalingClient> clients = new ArrayList<>();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node =
            TestNodes.start(
                issuer,
                Map.of("MEDIA_MAX_PARTICIPANTS_PER_SESSION", "3", "MEDIA_CAPACITY", "10"))) {
      // Ten invitations to one call, joining at once (the incident: 200 guests of one patient),
      // while five other calls begin: each transport opens outside the node's lock, and the call's
      // size counts those still opening theirs.
      List<SignalingClient> elsewhere = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        SignalingClient client = new SignalingClient(node.signalingUrl());
        clients.add(client);
        client.join("crowded", issuer.token("crowded", "Guest " + i, BOTH));
        if (i % 2 == 0) {
          SignalingClient other = new SignalingClient(node.signalingUrl());
          elsewhere.add(other);
          other.join("call-" + i, issuer.token("call-" + i, "Host " + i, BOTH));
        }
      }
      for (SignalingClient other : elsewhere) {
        assertThat(other.admitted()).isTrue();
        other.close();
      }
      List<Integer> admitted = new ArrayList<>();
      List<SignalingClient.Closed> refused = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        if (clients.get(i).admitted()) {
          admitted.add(i);
        } else {
          refused.add(clients.get(i).awaitClose());
        }
      }
      assertThat(admitted).hasSize(3);
      assertThat(refused)
          .hasSize(7)
          .allSatisfy(
              closed -> {
                assertThat(closed.code()).isEqualTo(4429);
                assertThat(closed.reason())
                    .isEqualTo(
                        "This consultation already has 3 participants, the most this media server allows.");
              });

      // The node still has room for every other consultation.
      SignalingClient other = new SignalingClient(node.signalingUrl());
      clients.add(other);
      other.join("quiet", issuer.token("quiet", "Pat", BOTH));
      assertThat(other.admitted()).isTrue();

      // Someone in the full call who lost their connection comes back in their own place.
      int first = admitted.get(0);
      SignalingClient back = new SignalingClient(node.signalingUrl());
      clients.add(back);
      back.join("crowded", issuer.token("crowded", "Guest " + first, BOTH));
      assertThat(back.admitted()).isTrue();
      assertThat(clients.get(first).awaitClose().code()).isEqualTo(4409);

      // Everyone gone: no call is left behind, however their joins interleaved.
      clients.forEach(SignalingClient::close);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!node.metrics().scrape().contains("medirelay_media_sessions 0")) {
        assertThat(System.nanoTime())
            .as("sessions left: %s", node.metrics().scrape())
            .isLessThan(deadline);
        Thread.sleep(50);
      }
    } finally {
      clients.forEach(SignalingClient::close);
    }
  }
}
