package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Registration as media-node/README.md describes it: heartbeats with the shared secret, the node's
 * addresses and load, at the app's pace.
 */
class HeartbeatTest {

  @Test
  void nodeRegistersWithTheAppAndKeepsReportingAfterARefusal() throws Exception {
    // The first heartbeat is refused (app restarting); the node must keep trying.
    try (FakeApp app = new FakeApp(1, 1);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node =
            TestNodes.startRegistered(
                issuer, app, "s3cret-for-test", Map.of("MEDIA_CAPACITY", "42"))) {
      FakeApp.Beat first = app.nextBeat(10);
      assertThat(first).isNotNull();
      assertThat(first.authorization()).isEqualTo("Bearer s3cret-for-test");
      JsonNode body = first.body();
      assertThat(body.path("id").asText()).isEqualTo("media-test");
      assertThat(body.path("signalingUrl").asText()).isEqualTo(node.signalingUrl());
      assertThat(body.path("udpAddress").asText()).isEqualTo("127.0.0.1:" + node.udpPort());
      assertThat(body.path("capacity").asInt()).isEqualTo(42);
      assertThat(body.path("sessions").asInt()).isZero();
      assertThat(body.path("participants").asInt()).isZero();
      assertThat(body.path("draining").asBoolean()).isFalse();
      // After the refusal the node retries within seconds, then follows the app's 1 s interval.
      assertThat(app.nextBeat(15)).isNotNull();
      assertThat(app.nextBeat(5)).isNotNull();
    }
  }
}
