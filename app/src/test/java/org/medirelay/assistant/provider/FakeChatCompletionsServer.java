package org.medirelay.assistant.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local OpenAI-compatible chat-completions server for tests, on an ephemeral loopback port. It
 * records each request and answers in the mode the test sets: a normal answer, an error status, a
 * stall longer than the client's timeout, or a body that is not a completion.
 */
public final class FakeChatCompletionsServer implements AutoCloseable {

  /** How the server answers the next requests. */
  public enum Mode {
    ANSWER,
    ERROR_500,
    STALL,
    GARBAGE
  }

  /** One request as received. */
  public record Received(String path, String authorization, String body) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.ANSWER;
  private volatile String answer = "You can test your camera on the consultation page.";
  private volatile Duration stall = Duration.ofSeconds(5);

  public FakeChatCompletionsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** The base URL a client is configured with, e.g. {@code http://127.0.0.1:41234/v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public void answer(String answer) {
    this.answer = answer;
    this.mode = Mode.ANSWER;
  }

  public void stallFor(Duration stall) {
    this.stall = stall;
    this.mode = Mode.STALL;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        new Received(
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    switch (mode) {
      case ANSWER -> send(exchange, 200, completion(answer));
      case ERROR_500 -> send(exchange, 500, "{\"error\":{\"message\":\"model crashed\"}}");
      case GARBAGE -> send(exchange, 200, "<html>not a completion</html>");
      case STALL -> {
        try {
          Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        send(exchange, 200, completion(answer));
      }
    }
  }

  private static String completion(String content) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-test");
    root.put("object", "chat.completion");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    return JSON.writeValueAsString(root);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      // the client gave up (timeout test); nothing to answer
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
