package org.medirelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed attempts per key (an account and address pair, an account, an address) and the pause they
 * earn: the first {@code free} failures cost nothing, each one after doubles the pause, from {@link
 * #FIRST_PAUSE} up to {@code longest}. A key's failures are forgotten once it has gone {@code
 * longest} without one after its pause, or when told (a success). In memory: a restart forgets
 * them, which costs an attacker a restart they cannot cause.
 */
final class FailureBackoff {

  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);

  /** Bounds memory when someone sprays failures over many keys. */
  private static final int MAX_TRACKED_KEYS = 100_000;

  /** {@code blockedUntil} is the last failure's time when it earned no pause. */
  private record Entry(int failures, Instant blockedUntil) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration longest;

  FailureBackoff(Clock clock, Duration longest) {
    this.clock = clock;
    this.longest = longest;
  }

  /** How long {@code key} must wait before its next attempt, or empty when it may try now. */
  Optional<Duration> blockedFor(String key) {
    Entry entry = current(key);
    Instant now = clock.instant();
    if (entry == null || !entry.blockedUntil().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, entry.blockedUntil()));
  }

  /** Counts a failure; beyond {@code free} failures the key is paused, twice as long each time. */
  void record(String key, int free) {
    Instant now = clock.instant();
    if (entries.size() > MAX_TRACKED_KEYS) {
      entries.values().removeIf(entry -> stale(entry, now));
    }
    entries.compute(
        key,
        (k, old) -> {
          int failures = old == null || stale(old, now) ? 1 : old.failures() + 1;
          Instant until = failures > free ? now.plus(pause(failures - free)) : now;
          return new Entry(failures, until);
        });
  }

  void forget(String key) {
    entries.remove(key);
  }

  /**
   * The pause after the n-th failure past the free ones: 5 s, 10 s, 20 s … at most {@code longest}.
   */
  private Duration pause(int beyondFree) {
    int doublings = Math.min(beyondFree - 1, 30);
    Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
    return pause.compareTo(longest) > 0 ? longest : pause;
  }

  private Entry current(String key) {
    Entry entry = entries.get(key);
    return entry == null || stale(entry, clock.instant()) ? null : entry;
  }

  /**
   * Forgotten once {@code longest} has passed since the last failure's pause ended, so waiting out
   * the longest pause does not buy a fresh set of free failures.
   */
  private boolean stale(Entry entry, Instant now) {
    return !entry.blockedUntil().plus(longest).isAfter(now);
  }
}
