package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Registration per CONTRACTS.md: heartbeats with the shared secret, the node's addresses and load, at the app's pace. */
class HeartbeatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Beat(String authorization, JsonNode body) {}

  @Test
  void nodeRegistersWithTheAppAndKeepsReportingAfterARefusal() throws Exception {
    LinkedBlockingQueue<Beat> beats = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext(
        "/api/media-nodes/heartbeat",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          beats.add(
              new Beat(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          // The first heartbeat is refused (app restarting); the node must keep trying.
          boolean refuse = calls.incrementAndGet() == 1;
          byte[] answer =
              (refuse ? "{\"status\":503}" : "{\"heartbeatIntervalSeconds\":1}").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(refuse ? 503 : 200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    app.start();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node =
            TestNodes.start(
                issuer,
                Map.of(
                    "APP_URL", "http://127.0.0.1:" + app.getAddress().getPort(),
                    "TOKEN_ISSUER", issuer.url(),
                    "MEDIA_NODE_SECRET", "s3cret-for-test",
                    "MEDIA_CAPACITY", "42"))) {
      Beat first = beats.poll(10, TimeUnit.SECONDS);
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
      assertThat(beats.poll(15, TimeUnit.SECONDS)).isNotNull();
      assertThat(beats.poll(5, TimeUnit.SECONDS)).isNotNull();
    } finally {
      app.stop(0);
    }
  }
}
