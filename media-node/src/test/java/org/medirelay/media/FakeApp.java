package org.medirelay.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's heartbeat endpoint on loopback, recording what nodes report: the first {@code refusals}
 * get a 503, the others an answer asking for a beat every {@code intervalSeconds}.
 */
final class FakeApp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Beat(String authorization, JsonNode body) {}

  private final LinkedBlockingQueue<Beat> beats = new LinkedBlockingQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final HttpServer server;

  FakeApp(int refusals, int intervalSeconds) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/media-nodes/heartbeat",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          beats.add(
              new Beat(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          boolean refuse = calls.incrementAndGet() <= refusals;
          byte[] answer =
              (refuse
                      ? "{\"status\":503}"
                      : "{\"heartbeatIntervalSeconds\":" + intervalSeconds + "}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(refuse ? 503 : 200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next heartbeat, or null after {@code seconds}. */
  Beat nextBeat(int seconds) throws InterruptedException {
    return beats.poll(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
