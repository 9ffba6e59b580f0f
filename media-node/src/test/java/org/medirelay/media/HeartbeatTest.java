package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Registration as media-node/README.md describes it: heartbeats with the shared secret, the node's
 * addresses and load, at the app's pace; a call a host ended, at once and until the app takes it.
 */
class HeartbeatTest {

  private static final Set<Grant> BOTH = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);

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

  @Test
  void aCallTheHostEndsIsReportedAtOnceAndUntilTheAppTakesIt() throws Exception {
    // Heartbeats every 30 s: what arrives within seconds of the end was sent because of it. The
    // first report is refused (app restarting), so the node must report the call again.
    try (FakeApp app = new FakeApp(0, 30);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, "s3cret-for-test", Map.of());
        SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10).body().path("endedCalls")).isEmpty();
      Instant before = Instant.now();
      doctor.join(
          "s-done",
          issuer.token("s-done", "Dr Ana", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END)));
      doctor.next("joined");
      patient.join("s-done", issuer.token("s-done", "Pat", BOTH));
      patient.next("joined");
      // Everyone leaving is no end: nothing is reported for a session that merely empties.
      try (SignalingClient other = new SignalingClient(node.signalingUrl())) {
        other.join("s-emptied", issuer.token("s-emptied", "Eve", BOTH));
        other.next("joined");
        other.send("{\"type\":\"leave\"}");
        other.awaitClose();
      }
      app.refuseNext(1);

      doctor.send("{\"type\":\"end\"}");
      doctor.awaitClose();
      long ended = System.nanoTime();
      JsonNode refused = app.nextBeat(5).body().path("endedCalls");
      assertThat(Duration.ofNanos(System.nanoTime() - ended)).isLessThan(Duration.ofSeconds(2));
      JsonNode reported = app.nextBeat(5).body().path("endedCalls");
      assertThat(reported).isEqualTo(refused).hasSize(1);
      JsonNode call = reported.get(0);
      assertThat(call.path("sessionId").asText()).isEqualTo("s-done");
      Instant start = Instant.parse(call.path("startedAt").asText());
      Instant end = Instant.parse(call.path("endedAt").asText());
      assertThat(start).isBetween(before, end);
      assertThat(end).isBefore(Instant.now());

      // Taken with a 200: the next call ended is reported alone.
      try (SignalingClient host = new SignalingClient(node.signalingUrl())) {
        host.join(
            "s-next",
            issuer.token("s-next", "Dr Bo", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END)));
        host.next("joined");
        host.send("{\"type\":\"end\"}");
        host.awaitClose();
      }
      JsonNode next = app.nextBeat(5).body().path("endedCalls");
      assertThat(next).hasSize(1);
      assertThat(next.get(0).path("sessionId").asText()).isEqualTo("s-next");
    }
  }
}
