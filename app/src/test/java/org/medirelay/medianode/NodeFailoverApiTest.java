package org.medirelay.medianode;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * A page that lost its media node reports it when it reloads its join page to reconnect; the app
 * then asks the node itself ({@code GET /health}, here a small HTTP server standing in for the
 * node's) and moves the session to a live node only if it does not answer. The nodes are left
 * draining and full, so no other test's session is placed on them.
 */
class NodeFailoverApiTest extends AppTest {

  private static final Map<String, String> SECRET =
      Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET);

  @Test
  void aSessionMovesOnlyWhenTheAppCannotReachTheNodeAPageLost() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String first = "first-" + tag;
    String second = "second-" + tag;
    AtomicInteger probes = new AtomicInteger();
    HttpServer firstNode =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    firstNode.createContext(
        "/health",
        exchange -> {
          probes.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    firstNode.start();
    String firstUrl = "ws://127.0.0.1:" + firstNode.getAddress().getPort() + "/ws";
    try {
      beat(first, firstUrl, 0, false);
      beat(second, "ws://127.0.0.1:8443/" + second + "/ws", 500, false);
      Map<String, String> clinic = Map.of("X-Internal-Secret", INTERNAL_SECRET);
      JsonNode created =
          api.post(
                  "/sessions",
                  Map.of("appointmentId", "failover-" + tag, "doctorId", "d1", "patientId", "p1"),
                  clinic)
              .expect(201);
      assertThat(created.get("mediaNodeId").asString()).isEqualTo(first);
      String link =
          api.post(
                  "/sessions/" + created.get("sessionId").asString() + "/join",
                  Map.of("role", "patient", "userId", "p1"),
                  clinic)
              .expect(200)
              .get("joinUrl")
              .asString();
      String page = link.substring(link.indexOf("/join/"));

      // The node answers: a page's report moves nothing, however often it comes.
      assertThat(nodeOf(api.get(page + "&unreachable=" + first))).isEqualTo(first);
      assertThat(nodeOf(api.get(page + "&unreachable=" + first))).isEqualTo(first);
      assertThat(probes.get()).as("reports within a second share one probe").isEqualTo(1);
      // A report of a node the session is not on is stale: not even a probe.
      assertThat(nodeOf(api.get(page + "&unreachable=" + second))).isEqualTo(first);
      assertThat(probes.get()).isEqualTo(1);
      // Without a valid link, no report is heard.
      assertThat(
              api.get(page.replaceAll("token=[^&]+", "token=x") + "&unreachable=" + first).status())
          .isEqualTo(401);

      firstNode.stop(0);
      Thread.sleep(NodeProbe.REUSE.toMillis() + 100);
      // Its heartbeat is still fresh and nobody lost it: the page still leads there.
      assertThat(nodeOf(api.get(page))).isEqualTo(first);
      AppApi.Response moved = api.get(page + "&unreachable=" + first);
      assertThat(nodeOf(moved)).isEqualTo(second);
      assertThat(moved.body()).contains("/" + second + "/ws");
      String token = moved.body().replaceAll("(?s).*data-join-token=\"([^\"]+)\".*", "$1");
      assertThat(claims(token).get("node").asString()).isEqualTo(second);
      assertThat(node(first).get("live").asBoolean()).as("found gone").isFalse();
      // The other page of the call, reporting the same node, follows without another move.
      assertThat(nodeOf(api.get(page + "&unreachable=" + first))).isEqualTo(second);

      // A node found gone is live again with its next heartbeat.
      beat(first, firstUrl, 0, false);
      assertThat(node(first).get("live").asBoolean()).isTrue();
    } finally {
      firstNode.stop(0);
      beat(first, firstUrl, 100, true);
      beat(second, "ws://127.0.0.1:8443/" + second + "/ws", 100, true);
    }
  }

  @Test
  void theProbeAsksForHealthBesideTheSignalingSocket() {
    assertThat(NodeProbe.healthUri("ws://10.0.0.5:8443/ws"))
        .isEqualTo(URI.create("http://10.0.0.5:8443/health"));
    assertThat(NodeProbe.healthUri("wss://media.clinic.example/eu-1/ws"))
        .isEqualTo(URI.create("https://media.clinic.example/eu-1/health"));
    assertThat(NodeProbe.healthUri("wss://media.clinic.example"))
        .isEqualTo(URI.create("https://media.clinic.example/health"));
  }

  private void beat(String id, String signalingUrl, int participants, boolean draining) {
    Map<String, Object> body = heartbeatBody(id, 100, participants, draining);
    body.put("capacity", 1000);
    body.put("signalingUrl", signalingUrl);
    api.post("/api/media-nodes/heartbeat", body, SECRET).expect(200);
  }

  /** The media node a join page leads to. */
  private static String nodeOf(AppApi.Response page) {
    assertThat(page.status()).isEqualTo(200);
    return page.body().replaceAll("(?s).*data-media-node=\"([^\"]+)\".*", "$1");
  }

  private JsonNode node(String id) {
    for (JsonNode node : api.get("/api/media-nodes", admin().token()).expect(200)) {
      if (node.get("id").asString().equals(id)) {
        return node;
      }
    }
    throw new AssertionError("node " + id + " is not listed");
  }

  private static JsonNode claims(String jwt) {
    String payload =
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    return AppApi.JSON.readTree(payload);
  }
}
