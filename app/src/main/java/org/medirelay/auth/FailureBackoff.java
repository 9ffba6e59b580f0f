package org.medirelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.medirelay.limit.SharedRecords;

/**
 * Failed attempts per key (an account and address pair) and the pause they earn: the first {@code
 * free} failures cost nothing, each one after doubles the pause, from {@link #FIRST_PAUSE} up to
 * {@code longest}. A key's failures are forgotten once it has gone {@code longest} without one
 * after its pause, or when told (a success). Kept in the store ({@link SharedRecords}), so a
 * guesser who spreads attempts over the app's instances pauses after as many failures as on one,
 * and a restart forgets nothing.
 */
final class FailureBackoff {

  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);

  private static final String FAILURES = "failures";

  /** The last failure's time when it earned no pause. */
  private static final String BLOCKED_UNTIL = "blockedUntil";

  private final SharedRecords records;
  private final Clock clock;
  private final String name;
  private final Duration longest;

  /** {@code name} keeps these keys apart from every other record's in the store. */
  FailureBackoff(SharedRecords records, Clock clock, String name, Duration longest) {
    this.records = records;
    this.clock = clock;
    this.name = name;
    this.longest = longest;
  }

  /** How long {@code key} must wait before its next attempt, or empty when it may try now. */
  Optional<Duration> blockedFor(String key) {
    Instant now = now();
    return records
        .read(id(key))
        .map(record -> record.getDate(BLOCKED_UNTIL).toInstant())
        .filter(until -> until.isAfter(now))
        .map(until -> Duration.between(now, until));
  }

  /** Counts a failure; beyond {@code free} failures the key is paused, twice as long each time. */
  void record(String key, int free) {
    records.update(
        id(key),
        current -> {
          Instant now = now();
          int failures = current.getInteger(FAILURES, 0) + 1;
          Instant until = failures > free ? now.plus(pause(failures - free)) : now;
          // Forgotten once longest has passed since the pause ended, so waiting out the longest
          // pause does not buy a fresh set of free failures.
          return new Document(FAILURES, failures)
              .append(BLOCKED_UNTIL, Date.from(until))
              .append(SharedRecords.EXPIRES_AT, Date.from(until.plus(longest)));
        });
  }

  void forget(String key) {
    records.delete(id(key));
  }

  /**
   * The pause after the n-th failure past the free ones: 5 s, 10 s, 20 s … at most {@code longest}.
   */
  private Duration pause(int beyondFree) {
    int doublings = Math.min(beyondFree - 1, 30);
    Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
    return pause.compareTo(longest) > 0 ? longest : pause;
  }

  /** What the store keeps: milliseconds. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private String id(String key) {
    return name + ":" + key;
  }
}
