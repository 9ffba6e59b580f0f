package org.medirelay.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A bare WebSocket client speaking the node's signaling protocol, for tests that need no browser.
 */
final class SignalingClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Closed(int code, String reason) {}

  private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  SignalingClient(String url) throws Exception {
    this(url, null);
  }

  /** A client for wss:// URLs that trusts what {@code tls} trusts. */
  SignalingClient(String url, SSLContext tls) throws Exception {
    HttpClient.Builder http = HttpClient.newBuilder();
    if (tls != null) {
      http.sslContext(tls);
    }
    socket =
        http.build()
            .newWebSocketBuilder()
            // A cold JVM on a loaded machine takes seconds for its first WebSocket handshake.
            .connectTimeout(Duration.ofSeconds(15))
            .buildAsync(URI.create(url), new Listener())
            .get(15, TimeUnit.SECONDS);
  }

  void send(String json) {
    socket.sendText(json, true).join();
  }

  void join(String sessionId, String token) {
    send(
        JSON.createObjectNode()
            .put("type", "join")
            .put("sessionId", sessionId)
            .put("token", token)
            .toString());
  }

  /** The next message of {@code type}, skipping others; fails after 10 s. */
  JsonNode next(String type) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      JsonNode message = messages.poll(100, TimeUnit.MILLISECONDS);
      if (message != null && type.equals(message.path("type").asText())) {
        return message;
      }
      if (closed.isDone() && messages.isEmpty()) {
        throw new AssertionError("closed before '" + type + "': " + closed.get());
      }
    }
    throw new AssertionError("no '" + type + "' message");
  }

  /**
   * The messages of {@code type} (null: any) that arrive within {@code millis}, skipping others:
   * for showing that something does not arrive.
   */
  List<JsonNode> collect(String type, long millis) throws InterruptedException {
    List<JsonNode> found = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      JsonNode message = messages.poll(left, TimeUnit.NANOSECONDS);
      if (message != null && (type == null || type.equals(message.path("type").asText()))) {
        found.add(message);
      }
    }
    return found;
  }

  /** Whether the join went through: true on 'joined', false when the node closed first. */
  boolean admitted() throws Exception {
    try {
      next("joined");
      return true;
    } catch (AssertionError e) {
      if (closed.isDone()) {
        return false;
      }
      throw e;
    }
  }

  Closed awaitClose() throws Exception {
    return closed.get(15, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
