package org.medirelay.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads what changed in the store at every EVENT_POLL_INTERVAL and hands it to the streams open on
 * this instance. The store is the source of truth, not this instance's memory: a ring written
 * through another instance reaches a patient connected here within one interval.
 *
 * <p>Each tick asks the sources for what changed since the previous tick less {@link #OVERLAP}, so
 * a write stamped by an instance whose clock is a little behind, or that became visible late, is
 * still seen; the keys delivered within that window are remembered, and each is delivered once.
 * While no stream is open here the feed reads nothing.
 */
@Component
class EventFeed implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  /** How far each read reaches back before the previous tick. */
  static final Duration OVERLAP = Duration.ofSeconds(10);

  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final List<EventSource> sources;
  private final Subscribers subscribers;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Instant> delivered = new ConcurrentHashMap<>();
  private ScheduledExecutorService ticker;
  private Instant lastTick;
  private Instant lastKeepAlive;

  EventFeed(
      List<EventSource> sources, Subscribers subscribers, Clock clock, PushSettings settings) {
    this.sources = sources;
    this.subscribers = subscribers;
    this.clock = clock;
    this.interval = settings.eventPollInterval();
  }

  @Override
  public void start() {
    lastTick = clock.instant();
    lastKeepAlive = lastTick;
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "event-feed");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleWithFixedDelay(
        this::tickSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    subscribers.closeAll();
    ticker.shutdownNow();
    ticker = null;
  }

  @Override
  public boolean isRunning() {
    return ticker != null;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // The store was unreachable for a moment: the next tick reads the same window again.
      LOG.warn("event feed: {}", e.toString());
    }
  }

  private void tick() {
    Instant now = clock.instant();
    if (subscribers.isEmpty()) {
      lastTick = now;
      return;
    }
    Instant since = lastTick.minus(OVERLAP);
    for (EventSource source : sources) {
      for (PushEvent event : source.changedSince(since)) {
        if (delivered.putIfAbsent(event.key(), now) == null) {
          subscribers.deliver(event);
        }
      }
    }
    lastTick = now;
    // A key older than two windows cannot be reported again.
    Instant forgetBefore = now.minus(OVERLAP.multipliedBy(2));
    delivered.values().removeIf(at -> at.isBefore(forgetBefore));
    if (Duration.between(lastKeepAlive, now).compareTo(KEEP_ALIVE) >= 0) {
      subscribers.keepAlive();
      lastKeepAlive = now;
    }
  }

  /** What a stream opening now for this user is told first. */
  List<PushEvent> current(String userId) {
    return sources.stream().flatMap(source -> source.current(userId).stream()).toList();
  }
}
