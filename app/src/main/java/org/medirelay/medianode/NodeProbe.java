package org.medirelay.medianode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks a media node whether it is still there: {@code GET /health} beside its signaling URL ({@code
 * ws://host:port/ws} → {@code http://host:port/health}, wss → https), the address browsers use, so
 * a proxy in front of a dead node (502) counts as dead too. Everyone asking about one node within
 * {@link #REUSE} shares one probe: pages that report a lost node cannot make the app flood it.
 */
@Component
class NodeProbe {

  private static final Logger LOG = LoggerFactory.getLogger(NodeProbe.class);

  /** A node that does not accept a connection this soon is as good as gone for a call. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  /** Its whole answer; a join page waits this long at most. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

  /** How long one probe's answer stands for everyone asking about that node. */
  static final Duration REUSE = Duration.ofSeconds(1);

  private record Probe(Instant at, CompletableFuture<Boolean> answered) {}

  private final Map<String, Probe> recent = new ConcurrentHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
  private final Clock clock;

  NodeProbe(Clock clock) {
    this.clock = clock;
  }

  /** Whether the node answers its health check now (or did within {@link #REUSE}). */
  boolean answers(RegisteredNode node) {
    Instant now = clock.instant();
    Probe probe =
        recent.compute(
            node.id(),
            (id, last) ->
                last != null && now.isBefore(last.at().plus(REUSE))
                    ? last
                    : new Probe(now, ask(node)));
    return probe.answered().join();
  }

  private CompletableFuture<Boolean> ask(RegisteredNode node) {
    URI health;
    try {
      health = healthUri(node.signalingUrl());
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "media node {}: cannot probe {}: {}", node.id(), node.signalingUrl(), e.getMessage());
      return CompletableFuture.completedFuture(false);
    }
    HttpRequest request = HttpRequest.newBuilder(health).timeout(ANSWER_TIMEOUT).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, failure) -> {
              boolean up = failure == null && response.statusCode() == 200;
              if (!up) {
                LOG.warn(
                    "media node {} did not answer {} ({}): its sessions move to live nodes",
                    node.id(),
                    health,
                    failure == null ? "HTTP " + response.statusCode() : failure.toString());
              }
              return up;
            });
  }

  /** The node's health endpoint beside its signaling WebSocket ({@code /ws} → {@code /health}). */
  static URI healthUri(String signalingUrl) {
    URI ws = URI.create(signalingUrl);
    String scheme =
        switch (String.valueOf(ws.getScheme())) {
          case "ws" -> "http";
          case "wss" -> "https";
          default -> throw new IllegalArgumentException("not a ws:// or wss:// URL");
        };
    if (ws.getRawAuthority() == null) {
      throw new IllegalArgumentException("no host");
    }
    String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
    String folder = path.substring(0, path.lastIndexOf('/') + 1);
    return URI.create(scheme + "://" + ws.getRawAuthority() + folder + "health");
  }
}
