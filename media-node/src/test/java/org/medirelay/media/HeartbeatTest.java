package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Registration as media-node/README.md describes it: heartbeats with the shared secret, the node's
 * addresses and load, at the app's pace; a call a host ended, at once and until the app takes it;
 * chat, only while the app says the clinic keeps it, until the app takes it.
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

  /**
   * Who is in a call or its waiting room reaches the app at once (heartbeats are 30 s apart here),
   * for the dashboards' "the doctor is in the call".
   */
  @Test
  void whoIsInACallOrWaitingIsReportedAtOnce() throws Exception {
    try (FakeApp app = new FakeApp(0, 30);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, "s3cret-for-test", Map.of());
        SignalingClient patient = new SignalingClient(node.signalingUrl());
        SignalingClient doctor = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10).body().path("presence")).isEmpty();

      long joined = System.nanoTime();
      patient.join("s-here", issuer.waitingToken("s-here", "Pat", BOTH));
      patient.next("waiting");
      JsonNode waiting = app.nextBeat(5).body().path("presence");
      Duration waitingDelay = Duration.ofNanos(System.nanoTime() - joined);
      assertThat(waiting.toString())
          .isEqualTo("[{\"sessionId\":\"s-here\",\"userId\":\"user-Pat\",\"waiting\":true}]");

      joined = System.nanoTime();
      doctor.join("s-here", issuer.token("s-here", "Dr Ana", BOTH));
      doctor.next("joined");
      JsonNode both = app.nextBeat(5, b -> b.path("presence").size() == 2).body().path("presence");
      Duration doctorDelay = Duration.ofNanos(System.nanoTime() - joined);
      assertThat(both.toString())
          .contains("{\"sessionId\":\"s-here\",\"userId\":\"user-Dr Ana\",\"waiting\":false}")
          .contains("\"userId\":\"user-Pat\",\"waiting\":true");

      long left = System.nanoTime();
      doctor.send("{\"type\":\"leave\"}");
      doctor.awaitClose();
      patient.send("{\"type\":\"leave\"}");
      patient.awaitClose();
      assertThat(app.nextBeat(5, b -> b.path("presence").isEmpty())).isNotNull();
      Duration leftDelay = Duration.ofNanos(System.nanoTime() - left);
      System.out.printf(
          "presence reported: patient waiting after %d ms, doctor in after %d ms, both gone after"
              + " %d ms%n",
          waitingDelay.toMillis(), doctorDelay.toMillis(), leftDelay.toMillis());
      assertThat(waitingDelay).isLessThan(Duration.ofSeconds(2));
      assertThat(doctorDelay).isLessThan(Duration.ofSeconds(2));
      assertThat(leftDelay).isLessThan(Duration.ofSeconds(2));
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
      assertThat(app.nextBeat(5, b -> b.path("presence").size() == 2)).isNotNull();
      // The first report of the end is refused (the app restarting), whatever beats come between.
      Predicate<JsonNode> reportsAnEnd = b -> !b.path("endedCalls").isEmpty();
      app.refuseNext(1, reportsAnEnd);

      doctor.send("{\"type\":\"end\"}");
      doctor.awaitClose();
      long ended = System.nanoTime();
      FakeApp.Beat first = app.nextBeat(5, reportsAnEnd);
      assertThat(Duration.ofNanos(System.nanoTime() - ended)).isLessThan(Duration.ofSeconds(2));
      assertThat(first.refused()).isTrue();
      FakeApp.Beat again = app.nextBeat(5, reportsAnEnd);
      assertThat(again).as("the end reported again after the refusal").isNotNull();
      JsonNode reported = again.body().path("endedCalls");
      assertThat(reported).isEqualTo(first.body().path("endedCalls")).hasSize(1);
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
      JsonNode next =
          app.nextBeat(5, b -> !b.path("endedCalls").isEmpty()).body().path("endedCalls");
      assertThat(next).hasSize(1);
      assertThat(next.get(0).path("sessionId").asText()).isEqualTo("s-next");
    }
  }

  @Test
  void chatIsReportedOnlyWhileTheClinicKeepsItAndUntilTheAppTakesIt() throws Exception {
    try (FakeApp app = new FakeApp(0, 1);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, "s3cret-for-test", Map.of());
        SignalingClient doctor = new SignalingClient(node.signalingUrl());
        SignalingClient patient = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10)).isNotNull();
      doctor.join("s-chat", issuer.token("s-chat", "Dr Ana", BOTH));
      assertThat(doctor.next("joined").path("chatKept").asBoolean()).isFalse();
      doctor.send("{\"type\":\"chat\",\"text\":\"not kept\"}");
      doctor.next("chat");

      app.keepChat(true);
      app.nextBeat(5);
      app.nextBeat(5); // sent after the answer that said so
      patient.join("s-chat", issuer.token("s-chat", "Pat", BOTH));
      assertThat(patient.next("joined").path("chatKept").asBoolean()).isTrue();
      Predicate<JsonNode> carriesChat = b -> !b.path("chat").isEmpty();
      app.refuseNext(1, carriesChat);
      patient.send("{\"type\":\"chat\",\"text\":\" Is this kept? \"}");
      patient.next("chat");

      FakeApp.Beat first = app.nextBeat(5, carriesChat);
      assertThat(first.refused()).isTrue();
      FakeApp.Beat again = app.nextBeat(5, carriesChat);
      assertThat(again.body().path("chat")).isEqualTo(first.body().path("chat")).hasSize(1);
      JsonNode line = again.body().path("chat").get(0);
      assertThat(line.path("sessionId").asText()).isEqualTo("s-chat");
      assertThat(line.path("userId").asText()).isEqualTo("user-Pat");
      assertThat(line.path("displayName").asText()).isEqualTo("Pat");
      assertThat(line.path("text").asText()).isEqualTo("Is this kept?");
      assertThat(Instant.parse(line.path("at").asText())).isBefore(Instant.now());
      // Taken: not reported again; and nothing said before the clinic kept chat ever was.
      assertThat(app.nextBeat(3, carriesChat)).isNull();
    }
  }
}
