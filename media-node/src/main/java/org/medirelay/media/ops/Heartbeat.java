package org.medirelay.media.ops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.medirelay.heartbeat.HeartbeatReply;
import org.medirelay.heartbeat.NodeHeartbeat;
import org.medirelay.heartbeat.NodeHeartbeat.ChatLine;
import org.medirelay.heartbeat.NodeHeartbeat.EndedCall;

/**
 * Registers the node with the app and reports its load (media-node/README.md): POST {@code
 * {APP_URL}/api/media-nodes/heartbeat} with the shared secret as a bearer token and a {@link
 * NodeHeartbeat} as the body, at the interval the app answers; the answer's withdrawals (ended
 * sessions, withdrawn participants) go to {@link Withdrawals}. Ended calls ({@link EndedCalls}) and
 * kept chat ({@link ChatArchive}) are reported until the app acknowledges them with a 200; the
 * answer says whether the clinic keeps chat.
 */
public final class Heartbeat implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

  /**
   * Fields a newer app adds to its answer are no reason to stop registering. Instants travel as
   * ISO-8601 text, as the app reads them.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

  private static final int DEFAULT_INTERVAL_SECONDS = 10;

  /**
   * After a failed heartbeat, try again soon: the app may just be starting, and a node absent from
   * it gets no work.
   */
  private static final int RETRY_SECONDS = 3;

  /** How long a change of who is in a call waits for others to share its heartbeat. */
  static final long PRESENCE_COALESCE_MILLIS = 100;

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
  private final EndedCalls endedCalls;
  private final ChatArchive chat;
  private final AtomicBoolean reportingEnded = new AtomicBoolean();
  private final AtomicBoolean presenceBeatPending = new AtomicBoolean();
  private volatile boolean lastOk = true;

  public Heartbeat(
      String appUrl,
      String secret,
      NodeInfo node,
      NodeLoad load,
      Drain drain,
      Withdrawals withdrawals,
      EndedCalls endedCalls,
      ChatArchive chat) {
    this.endpoint = URI.create(appUrl + "/api/media-nodes/heartbeat");
    this.secret = secret;
    this.node = node;
    this.load = load;
    this.drain = drain;
    this.withdrawals = withdrawals;
    this.endedCalls = endedCalls;
    this.chat = chat;
    // The app must stop placing sessions here now, not at the next regular beat; and it completes
    // an ended call's appointment now, its answer withdrawing the session before anyone rejoins.
    drain.onChange(() -> timer.execute(this::beatOnce));
    // Who is in a call or waiting is what a dashboard's "the doctor is in the call" says: tell the
    // app now. A burst of changes (a call's people joining together) goes in one heartbeat.
    load.onPresenceChange(
        () -> {
          if (presenceBeatPending.compareAndSet(false, true)) {
            timer.schedule(
                () -> {
                  presenceBeatPending.set(false);
                  beatOnce();
                },
                PRESENCE_COALESCE_MILLIS,
                TimeUnit.MILLISECONDS);
          }
        });
    endedCalls.onEnded(
        () -> {
          if (reportingEnded.compareAndSet(false, true)) {
            timer.execute(this::reportEnded);
          }
        });
  }

  /**
   * Reports the ended calls at once, and again every {@link #RETRY_SECONDS} until the app takes
   * them, rather than waiting a whole interval after a refusal.
   */
  private void reportEnded() {
    beatOnce();
    if (endedCalls.unacknowledged().isEmpty()) {
      reportingEnded.set(false);
      // A call that ended just now found the flag still set: report it too.
      if (endedCalls.unacknowledged().isEmpty() || !reportingEnded.compareAndSet(false, true)) {
        return;
      }
    }
    timer.schedule(this::reportEnded, RETRY_SECONDS, TimeUnit.SECONDS);
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
    List<EndedCall> ended = endedCalls.unacknowledged();
    List<ChatLine> said = chat.unacknowledged();
    NodeHeartbeat beat =
        new NodeHeartbeat(
            node.id(),
            node.signalingUrl(),
            node.udpAddress(),
            node.capacity(),
            load.sessionCount(),
            load.participantCount(),
            drain.isDraining(),
            load.sessionIds(),
            ended,
            load.presence(),
            said);
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
      endedCalls.acknowledged(ended);
      chat.acknowledged(said);
      HeartbeatReply answer = JSON.readValue(response.body(), HeartbeatReply.class);
      chat.setKeeping(Boolean.TRUE.equals(answer.keepChat()));
      withdrawals.update(answer);
      if (answer.drain() != null) {
        // An administrator drained or undrained the node in the app's console.
        drain.set(answer.drain());
      }
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
