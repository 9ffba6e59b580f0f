package org.medirelay.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The app's heartbeat endpoint on loopback, recording what nodes report: the first {@code refusals}
 * get a 503, the others an answer asking for a beat every {@code intervalSeconds}, with the
 * withdrawals set by {@link #withdraw}.
 */
final class FakeApp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Beat(String authorization, JsonNode body) {}

  private final LinkedBlockingQueue<Beat> beats = new LinkedBlockingQueue<>();
  private final AtomicInteger refusalsLeft;
  private volatile String withdrawals = "";
  private volatile String drain = "";
  private final HttpServer server;

  FakeApp(int refusals, int intervalSeconds) throws IOException {
    refusalsLeft = new AtomicInteger(refusals);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/media-nodes/heartbeat",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          beats.add(
              new Beat(
                  ex.getRequestHeaders().getFirst("Authorization"),
                  JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          boolean refuse = refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          byte[] answer =
              (refuse
                      ? "{\"status\":503}"
                      : "{\"heartbeatIntervalSeconds\":"
                          + intervalSeconds
                          + withdrawals
                          + drain
                          + "}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(refuse ? 503 : 200, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    server.start();
  }

  /**
   * From now on, answers withdraw these sessions and these participants ({@code sessionId/userId}).
   */
  void withdraw(List<String> endedSessions, List<String> revokedParticipants) throws IOException {
    List<Map<String, String>> revoked = new ArrayList<>();
    for (String participant : revokedParticipants) {
      String[] parts = participant.split("/", 2);
      revoked.add(Map.of("sessionId", parts[0], "userId", parts[1]));
    }
    withdrawals =
        ",\"endedSessions\":"
            + JSON.writeValueAsString(endedSessions)
            + ",\"revokedParticipants\":"
            + JSON.writeValueAsString(revoked);
  }

  /** From now on, answers ask the node to drain (true) or not (false), as the console does. */
  void requestDrain(boolean draining) {
    drain = ",\"drain\":" + draining;
  }

  /** Refuses the next {@code refusals} heartbeats (the app restarting). */
  void refuseNext(int refusals) {
    refusalsLeft.set(refusals);
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
