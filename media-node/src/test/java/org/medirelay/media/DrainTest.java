package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * An operator drains a node over HTTP with the node secret: the app hears of it at once, calls in
 * progress go on and can be rejoined, new sessions are turned away with a reason, and cancelling
 * the drain takes new sessions again.
 */
class DrainTest {

  private static final String SECRET = "drain-secret-for-test";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void drainingKeepsCallsInProgressAndTurnsNewSessionsAway() throws Exception {
    try (FakeApp app = new FakeApp(0, 30);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, SECRET, Map.of());
        SignalingClient inCall = new SignalingClient(node.signalingUrl())) {
      assertThat(app.nextBeat(10).body().path("draining").asBoolean()).isFalse();
      inCall.join("s-old", issuer.token("s-old", "Dr Old", EnumSet.of(Grant.SUBSCRIBE)));
      inCall.next("joined");

      assertThat(drain(node, "POST", null).statusCode()).isEqualTo(401);
      assertThat(drain(node, "POST", "Bearer wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> drained = drain(node, "POST", "Bearer " + SECRET);
      assertThat(drained.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(drained.body()).path("draining").asBoolean()).isTrue();

      // The app hears of it now, not at the next regular beat 30 s away, with the session that must
      // stay here.
      JsonNode beat = app.nextBeat(5, b -> b.path("draining").asBoolean()).body();
      assertThat(beat.path("activeSessions").toString()).isEqualTo("[\"s-old\"]");

      try (SignalingClient newcomer = new SignalingClient(node.signalingUrl())) {
        newcomer.join("s-new", issuer.token("s-new", "Pat New", EnumSet.of(Grant.SUBSCRIBE)));
        SignalingClient.Closed refused = newcomer.awaitClose();
        assertThat(refused.code()).isEqualTo(4503);
        assertThat(refused.reason()).contains("taken out of service");
      }
      try (SignalingClient rejoining = new SignalingClient(node.signalingUrl())) {
        rejoining.join("s-old", issuer.token("s-old", "Pat Old", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(
                rejoining.next("joined").path("participants").get(0).path("displayName").asText())
            .isEqualTo("Dr Old");
      }

      assertThat(drain(node, "DELETE", "Bearer " + SECRET).statusCode()).isEqualTo(200);
      assertThat(app.nextBeat(5, b -> !b.path("draining").asBoolean())).isNotNull();
      try (SignalingClient newcomer = new SignalingClient(node.signalingUrl())) {
        newcomer.join("s-new", issuer.token("s-new", "Pat New", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(newcomer.next("joined")).isNotNull();
      }
    }
  }

  @Test
  void theAppsConsoleDrainsAndUndrainsTheNodeThroughTheHeartbeatReply() throws Exception {
    try (FakeApp app = new FakeApp(0, 1);
        TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.startRegistered(issuer, app, SECRET, Map.of())) {
      assertThat(app.nextBeat(10).body().path("draining").asBoolean()).isFalse();
      app.requestDrain(true);
      awaitDraining(app, true);
      try (SignalingClient newcomer = new SignalingClient(node.signalingUrl())) {
        newcomer.join("s-new", issuer.token("s-new", "Pat New", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(newcomer.awaitClose().code()).isEqualTo(4503);
      }
      app.requestDrain(false);
      awaitDraining(app, false);
    }
  }

  /** Waits (at most 5 heartbeats) for one that reports this drain state. */
  private static void awaitDraining(FakeApp app, boolean draining) throws Exception {
    for (int i = 0; i < 5; i++) {
      if (app.nextBeat(5).body().path("draining").asBoolean() == draining) {
        return;
      }
    }
    throw new AssertionError("the node never reported draining=" + draining);
  }

  @Test
  void withoutANodeSecretDrainControlIsOff() throws Exception {
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node = TestNodes.start(issuer)) {
      HttpResponse<String> response = drain(node, "POST", "Bearer anything");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(JSON.readTree(response.body()).path("detail").asText())
          .contains("MEDIA_NODE_SECRET");
    }
  }

  private HttpResponse<String> drain(MediaNode node, String method, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.signalingPort() + "/drain"))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
