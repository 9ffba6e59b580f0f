package org.medirelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts attempts per key (an email, an address) in a sliding window and says how long a key must
 * wait once it has used up its allowance. In memory: a restart resets it, which costs an attacker a
 * restart they cannot cause.
 */
final class AttemptLimiter {

  /** Bounds memory when someone sprays attempts over many keys. */
  private static final int MAX_TRACKED_KEYS = 100_000;

  private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration window;
  private final int max;

  AttemptLimiter(Clock clock, Duration window, int max) {
    this.clock = clock;
    this.window = window;
    this.max = max;
  }

  /** How long {@code key} must wait before its next attempt, or empty when it may try now. */
  Optional<Duration> blockedFor(String key) {
    Deque<Instant> times = attempts.get(key);
    if (times == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    synchronized (times) {
      prune(times, now);
      if (times.size() < max) {
        return Optional.empty();
      }
      // Free again once enough attempts have aged out to leave room for one more.
      Instant freedAt = times.toArray(Instant[]::new)[times.size() - max].plus(window);
      return Optional.of(Duration.between(now, freedAt));
    }
  }

  void record(String key) {
    Instant now = clock.instant();
    if (attempts.size() > MAX_TRACKED_KEYS) {
      attempts.values().removeIf(times -> isEmptyAfterPrune(times, now));
    }
    Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (times) {
      prune(times, now);
      times.addLast(now);
    }
  }

  void forget(String key) {
    attempts.remove(key);
  }

  private void prune(Deque<Instant> times, Instant now) {
    Instant oldestCounted = now.minus(window);
    while (!times.isEmpty() && !times.peekFirst().isAfter(oldestCounted)) {
      times.pollFirst();
    }
  }

  private boolean isEmptyAfterPrune(Deque<Instant> times, Instant now) {
    synchronized (times) {
      prune(times, now);
      return times.isEmpty();
    }
  }
}
