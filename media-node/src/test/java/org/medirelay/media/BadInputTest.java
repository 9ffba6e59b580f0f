package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * Garbage and truncated packets on the running node's UDP port are dropped and counted; the node
 * keeps serving.
 */
class BadInputTest {

  private TestIssuer issuer;
  private MediaNode node;

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer);
  }

  @AfterEach
  void stop() {
    node.close();
    issuer.close();
  }

  @Test
  void garbageFromStrangersAndFromAnAddressThatKnowsAUfragIsDroppedAndCounted() throws Exception {
    try (SignalingClient participant = new SignalingClient(node.signalingUrl());
        UdpNoise stranger = new UdpNoise(node.udpPort());
        UdpNoise impostor = new UdpNoise(node.udpPort())) {
      participant.join(
          "s-noise", issuer.token("s-noise", "Ann", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE)));
      String sdp = participant.next("offer").path("sdp").asText();
      Matcher ufrag = Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
      assertThat(ufrag.find()).isTrue();

      stranger.blast(50);

      // An address that sends a Binding request with a real ufrag gets its datagrams demultiplexed
      // to that
      // participant; what it sends next must still be refused by the pipeline.
      impostor.send(UdpNoise.bindingRequest(ufrag.group(1)));
      impostor.blast(20);

      // The impostor's later STUN goes to the agent it is now bound to (which refuses it), so only
      // the stranger's count.
      awaitCounter("medirelay_media_ice_unknown_ufrag_total", 50);
      awaitCounter("medirelay_media_packets_malformed_total", 20);
      awaitCounter("medirelay_media_packets_early_total", 20);

      // The participant's signaling is untouched and the node still admits people.
      assertThat(health().statusCode()).isEqualTo(200);
      try (SignalingClient late = new SignalingClient(node.signalingUrl())) {
        late.join(
            "s-noise", issuer.token("s-noise", "Bob", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE)));
        JsonNode joined = late.next("joined");
        assertThat(joined.path("participants").get(0).path("displayName").asText())
            .isEqualTo("Ann");
        assertThat(participant.next("participant-joined")).isNotNull();
      }
    }
  }

  /**
   * STUN that breaks ice4j's decoder, from an address routed to a participant: counted, and one
   * line in the log instead of a SEVERE stack trace per packet.
   */
  @Test
  void malformedStunIsCountedAndLoggedOnce() throws Exception {
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()
                && (record.getLoggerName().startsWith("org.ice4j.stack")
                    || record.getLoggerName().endsWith("StunLogFilter"))) {
              logged.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try (SignalingClient participant = new SignalingClient(node.signalingUrl());
        UdpNoise peer = new UdpNoise(node.udpPort())) {
      participant.join(
          "s-stun", issuer.token("s-stun", "Ann", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE)));
      Matcher ufrag =
          Pattern.compile("a=ice-ufrag:(\\S+)")
              .matcher(participant.next("offer").path("sdp").asText());
      assertThat(ufrag.find()).isTrue();

      peer.malformedStun(ufrag.group(1), 100);

      awaitCounter("medirelay_media_stun_malformed_total", 300);
      assertThat(logged).hasSize(1);
      assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
      assertThat(logged.get(0).getMessage()).contains("malformed STUN");
      assertThat(health().statusCode()).isEqualTo(200);
    } finally {
      root.removeHandler(capture);
    }
  }

  @Test
  void healthAndMetricsAreServedAndUnknownPathsGetProblemDetails() throws Exception {
    HttpResponse<String> health = health();
    assertThat(health.body()).contains("\"status\":\"UP\"", "\"udpPort\":" + node.udpPort());
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "medirelay_media_participants",
            "medirelay_media_sessions",
            "medirelay_media_srtp_failures_total",
            "medirelay_media_rtcp_nack_received_total",
            "medirelay_media_rtcp_keyframe_requests_total",
            "medirelay_media_packets_in_total",
            "medirelay_media_bytes_out_total");
    HttpResponse<String> missing = get("/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  private void awaitCounter(String name, double atLeast) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    double value = 0;
    while (System.nanoTime() < deadline) {
      value = counter(name);
      if (value >= atLeast) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(name + " = " + value + ", expected at least " + atLeast);
  }

  private double counter(String name) throws Exception {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private HttpResponse<String> health() throws Exception {
    return get("/health");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.signalingPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
