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
import java.util.function.Predicate;

/**
 * The app's heartbeat endpoint on loopback, recording what nodes report: the first {@code refusals}
 * get a 503, the others an answer asking for a beat every {@code intervalSeconds}, with the
 * withdrawals set by {@link #withdraw}.
 */
final class FakeApp implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A heartbeat as it came, and whether this app refused it. */
  record Beat(String authorization, JsonNode body, boolean refused) {}

  private final LinkedBlockingQueue<Beat> beats = new LinkedBlockingQueue<>();
  private final AtomicInteger refusalsLeft;
  private volatile Predicate<JsonNode> refusing = body -> true;
  private volatile String withdrawals = "";
  private volatile String drain = "";
  private volatile String keepChat = "";
  private final HttpServer server;

  FakeApp(int refusals, int intervalSeconds) throws IOException {
    refusalsLeft = new AtomicInteger(refusals);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/media-nodes/heartbeat",
        ex -> {
          JsonNode body =
              JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          boolean refuse =
              refusing.test(body) && refusalsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          beats.add(new Beat(ex.getRequestHeaders().getFirst("Authorization"), body, refuse));
          byte[] answer =
              (refuse
                      ? "{\"status\":503}"
                      : "{\"heartbeatIntervalSeconds\":"
                          + intervalSeconds
                          + withdrawals
                          + drain
                          + keepChat
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

  /** From now on, answers say the clinic keeps chat (true) or not (false). */
  void keepChat(boolean keep) {
    keepChat = ",\"keepChat\":" + keep;
  }

  /** Refuses the next {@code refusals} heartbeats (the app restarting). */
  void refuseNext(int refusals) {
    refuseNext(refusals, body -> true);
  }

  /**
   * Refuses the next {@code refusals} heartbeats whose body {@code matches}, whatever other beats
   * (a join's, a leave's, the regular ones) come between.
   */
  void refuseNext(int refusals, Predicate<JsonNode> matches) {
    refusing = matches;
    refusalsLeft.set(refusals);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next heartbeat, or null after {@code seconds}. */
  Beat nextBeat(int seconds) throws InterruptedException {
    return beats.poll(seconds, TimeUnit.SECONDS);
  }

  /**
   * The next heartbeat whose body {@code matches}, passing over the others (a join or a leave sends
   * one at once), or null after {@code seconds}.
   */
  Beat nextBeat(int seconds, Predicate<JsonNode> matches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (long left = seconds; left > 0; left = deadline - System.nanoTime()) {
      Beat beat = beats.poll(left, TimeUnit.NANOSECONDS);
      if (beat != null && matches.test(beat.body())) {
        return beat;
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
