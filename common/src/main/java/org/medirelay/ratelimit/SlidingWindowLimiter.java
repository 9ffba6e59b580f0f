package org.medirelay.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At most {@code limit} events per key (an email, a client address, a patient) within any sliding
 * {@code window}, and how long a key must wait once it has used them up. Unlike {@link
 * TokenBucket}, it answers with the exact wait ("free again once the oldest counted event is a
 * window old"), which a 429's Retry-After needs, and keeps one small queue per key instead of one
 * bucket per owner.
 *
 * <p>Memory stays bounded however many keys a client sprays: a key is forgotten as soon as its last
 * event leaves the window, a key keeps at most {@code limit} events (older ones cannot change a
 * wait), and at most {@code maxKeys} keys are tracked; beyond that the least recently active key is
 * dropped, which at worst lets that key start afresh. In memory only: a restart resets it, which
 * costs an attacker a restart they cannot cause.
 *
 * <p>Thread-safe behind one lock: every call does a few constant-time steps (expiring idle keys is
 * amortized over the calls that made them).
 */
public final class SlidingWindowLimiter {

  /** Enough for every account and address a clinic sees within a window. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  private final Clock clock;
  private final Duration window;
  private final int limit;
  private final int maxKeys;

  /**
   * Each key's counted events, oldest first. Iteration order is the order of each key's last event
   * (a key is re-inserted whenever it records one), so idle keys are always at the front.
   */
  private final Map<String, ArrayDeque<Instant>> events = new LinkedHashMap<>();

  public SlidingWindowLimiter(Clock clock, Duration window, int limit) {
    this(clock, window, limit, DEFAULT_MAX_KEYS);
  }

  public SlidingWindowLimiter(Clock clock, Duration window, int limit, int maxKeys) {
    if (window.isNegative() || window.isZero() || limit < 1 || maxKeys < 1) {
      throw new IllegalArgumentException(
          "a rate limit needs a positive window, limit and number of keys");
    }
    this.clock = clock;
    this.window = window;
    this.limit = limit;
    this.maxKeys = maxKeys;
  }

  /** How long {@code key} must wait before its next event, or empty when one is allowed now. */
  public synchronized Optional<Duration> blockedFor(String key) {
    Instant now = clock.instant();
    expireIdleKeys(now);
    return waitFor(events.get(key), now);
  }

  /**
   * Counts one event for {@code key}, allowed or not; for callers that decide separately whether to
   * go ahead (a failed login counts once it has failed).
   */
  public synchronized void record(String key) {
    Instant now = clock.instant();
    expireIdleKeys(now);
    add(key, now);
  }

  /**
   * Counts one event for {@code key} if one is allowed now; otherwise counts nothing and says how
   * long to wait.
   */
  public synchronized Optional<Duration> tryAcquire(String key) {
    Instant now = clock.instant();
    expireIdleKeys(now);
    Optional<Duration> wait = waitFor(events.get(key), now);
    if (wait.isEmpty()) {
      add(key, now);
    }
    return wait;
  }

  /** Clears the key's events, as if it had none. */
  public synchronized void forget(String key) {
    events.remove(key);
  }

  /** How many keys are tracked now. */
  synchronized int trackedKeys() {
    return events.size();
  }

  private Optional<Duration> waitFor(ArrayDeque<Instant> times, Instant now) {
    if (times == null) {
      return Optional.empty();
    }
    dropAgedOut(times, now);
    if (times.size() < limit) {
      return Optional.empty();
    }
    // Free again once the oldest counted event leaves the window and so leaves room for one more.
    return Optional.of(Duration.between(now, times.peekFirst().plus(window)));
  }

  private void add(String key, Instant now) {
    ArrayDeque<Instant> times = events.remove(key);
    if (times == null) {
      times = new ArrayDeque<>(Math.min(limit, 16));
    }
    dropAgedOut(times, now);
    times.addLast(now);
    if (times.size() > limit) {
      times.pollFirst();
    }
    events.put(key, times);
    if (events.size() > maxKeys) {
      Iterator<ArrayDeque<Instant>> leastRecentlyActive = events.values().iterator();
      leastRecentlyActive.next();
      leastRecentlyActive.remove();
    }
  }

  /** Removes the keys whose every event has left the window; they lead the map's order. */
  private void expireIdleKeys(Instant now) {
    Instant oldestCounted = now.minus(window);
    Iterator<ArrayDeque<Instant>> keys = events.values().iterator();
    while (keys.hasNext()) {
      ArrayDeque<Instant> times = keys.next();
      if (!times.isEmpty() && times.peekLast().isAfter(oldestCounted)) {
        return;
      }
      keys.remove();
    }
  }

  private void dropAgedOut(ArrayDeque<Instant> times, Instant now) {
    Instant oldestCounted = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldestCounted)) {
      times.pollFirst();
    }
  }
}
