package org.medirelay.media.ops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.medirelay.heartbeat.HeartbeatReply;
import org.medirelay.heartbeat.NodeHeartbeat;

/**
 * Registers the node with the app and reports its load (media-node/README.md): POST {@code
 * {APP_URL}/api/media-nodes/heartbeat} with the shared secret as a bearer token and a {@link
 * NodeHeartbeat} as the body, at the interval the app answers; the answer's withdrawals (ended
 * sessions, withdrawn participants) go to {@link Withdrawals}.
 */
public final class Heartbeat implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  /** Fields a newer app adds to its answer are no reason to stop registering. */
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final int DEFAULT_INTERVAL_SECONDS = 10;

  /**
   * After a failed heartbeat, try again soon: the app may just be starting, and a node absent from
   * it gets no work.
   */
  private static final int RETRY_SECONDS = 3;

  /** What the node reports about itself. */
  public record NodeInfo(String id, String signalingUrl, String udpAddress, int capacity) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
          });
  private final URI endpoint;
  private final String secret;
  private final NodeInfo node;
  private final NodeLoad load;
  private final Drain drain;
  private final Withdrawals withdrawals;
  private volatile boolean lastOk = true;

  public Heartbeat(
      String appUrl,
      String secret,
      NodeInfo node,
      NodeLoad load,
      Drain drain,
      Withdrawals withdrawals) {
    this.endpoint = URI.create(appUrl + "/api/media-nodes/heartbeat");
    this.secret = secret;
    this.node = node;
    this.load = load;
    this.drain = drain;
    this.withdrawals = withdrawals;
    // The app must stop placing sessions here now, not at the next regular beat.
    drain.onChange(() -> timer.execute(this::beatOnce));
  }

  public void start() {
    timer.execute(this::beat);
  }

  private void beat() {
    int interval = beatOnce();
    timer.schedule(this::beat, interval, TimeUnit.SECONDS);
  }

  /**
   * Sends one heartbeat; returns the interval the app asked for, or a short retry delay when it
   * failed.
   */
  int beatOnce() {
    // activeSessions lets the app keep a session here while the node drains, and move any other
    // session elsewhere.
    NodeHeartbeat beat =
        new NodeHeartbeat(
            node.id(),
            node.signalingUrl(),
            node.udpAddress(),
            node.capacity(),
            load.sessionCount(),
            load.participantCount(),
            drain.isDraining(),
            load.sessionIds());
    try {
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(Duration.ofSeconds(5))
              .header("Authorization", "Bearer " + secret)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(beat)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        report(
            "the app refused the heartbeat with HTTP "
                + response.statusCode()
                + (response.statusCode() == 401 ? " (check MEDIA_NODE_SECRET)" : ""));
        return RETRY_SECONDS;
      }
      if (!lastOk) {
        LOG.info("registered with the app at " + endpoint);
      }
      lastOk = true;
      HeartbeatReply answer = JSON.readValue(response.body(), HeartbeatReply.class);
      withdrawals.update(answer);
      long interval = answer.heartbeatIntervalSeconds();
      return interval <= 0 ? DEFAULT_INTERVAL_SECONDS : (int) Math.min(interval, 300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_INTERVAL_SECONDS;
    } catch (Exception e) {
      report("cannot reach the app at " + endpoint + ": " + e);
      return RETRY_SECONDS;
    }
  }

  private void report(String problem) {
    if (lastOk) {
      LOG.warning("Media node registration: " + problem);
    }
    lastOk = false;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
