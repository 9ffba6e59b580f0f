package org.medirelay.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.medirelay.testkit.AppApi;

/**
 * One person's signaling connection to a media node, joined with a join link's token as the call
 * page joins (media-node/README.md, "Signaling protocol"), for tests that need the node's answer
 * and no media: whether it admitted the join, and how it closed the connection.
 */
final class SignalingConnection implements AutoCloseable {

  record Closed(int code, String reason) {}

  private final CompletableFuture<Boolean> admitted = new CompletableFuture<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  SignalingConnection(String signalingUrl, String sessionId, String token) throws Exception {
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create(signalingUrl), new Listener())
            .get(10, TimeUnit.SECONDS);
    Map<String, String> join = Map.of("type", "join", "sessionId", sessionId, "token", token);
    socket.sendText(AppApi.JSON.writeValueAsString(join), true).get(10, TimeUnit.SECONDS);
  }

  /** Sends one message, e.g. {@code {"type":"end"}}. */
  void send(String json) throws Exception {
    socket.sendText(json, true).get(10, TimeUnit.SECONDS);
  }

  /**
   * True once the node took the join: {@code joined}, or {@code waiting} for a host to let the
   * person in; false when it closes the connection first.
   */
  boolean admitted() throws Exception {
    return admitted.get(15, TimeUnit.SECONDS);
  }

  /** How the node closed the connection, waiting at most {@code timeout}. */
  Closed awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String type = AppApi.JSON.readTree(text.toString()).path("type").asString();
        if ("joined".equals(type) || "waiting".equals(type)) {
          admitted.complete(true);
        }
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
      admitted.complete(false);
      closed.complete(new Closed(code, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      admitted.complete(false);
      closed.complete(new Closed(-1, String.valueOf(error)));
    }
  }
}
