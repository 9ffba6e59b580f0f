package org.medirelay.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;

/**
 * At most {@code limit} events per key (an email, a client address, a patient) within any sliding
 * {@code window}, counted by every app instance together: the semantics of common's {@code
 * SlidingWindowLimiter} (the exact wait a 429's Retry-After needs), kept in {@link SharedRecords}.
 * A key's record holds its last {@code limit} event times (older ones cannot change a wait) and
 * expires when its newest event leaves the window, so the store holds only keys active lately.
 */
public final class SharedWindowLimiter {

  private static final String TIMES = "times";

  private final SharedRecords records;
  private final Clock clock;
  private final String name;
  private final Duration window;
  private final int limit;

  /**
   * {@code name} keeps this limit's keys apart from every other limit's in the shared collection.
   */
  public SharedWindowLimiter(
      SharedRecords records, Clock clock, String name, Duration window, int limit) {
    if (window.isNegative() || window.isZero() || limit < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive window and limit");
    }
    this.records = records;
    this.clock = clock;
    this.name = name;
    this.window = window;
    this.limit = limit;
  }

  /** How long {@code key} must wait before its next event, or empty when one is allowed now. */
  public Optional<Duration> blockedFor(String key) {
    Instant now = now();
    return waitFor(records.read(id(key)).map(SharedWindowLimiter::times).orElse(List.of()), now);
  }

  /**
   * Counts one event for {@code key}, allowed or not; for callers that decide separately whether to
   * go ahead (a failed sign-in counts once it has failed).
   */
  public void record(String key) {
    records.update(id(key), current -> withEvent(times(current), now()));
  }

  /**
   * Counts one event for {@code key} if one is allowed now; otherwise counts nothing and says how
   * long to wait. Two instances asking at once for the last free event: one gets it.
   */
  public Optional<Duration> tryAcquire(String key) {
    AtomicReference<Optional<Duration>> wait = new AtomicReference<>();
    records.update(
        id(key),
        current -> {
          Instant now = now();
          List<Instant> times = times(current);
          wait.set(waitFor(times, now));
          return wait.get().isPresent() ? null : withEvent(times, now);
        });
    return wait.get();
  }

  private Optional<Duration> waitFor(List<Instant> times, Instant now) {
    List<Instant> counted = inWindow(times, now);
    if (counted.size() < limit) {
      return Optional.empty();
    }
    // Free again once the oldest counted event leaves the window and so leaves room for one more.
    return Optional.of(Duration.between(now, counted.get(counted.size() - limit).plus(window)));
  }

  private Document withEvent(List<Instant> times, Instant now) {
    List<Instant> kept = new ArrayList<>(inWindow(times, now));
    kept.add(now);
    List<Date> last =
        kept.subList(Math.max(0, kept.size() - limit), kept.size()).stream()
            .map(Date::from)
            .toList();
    return new Document(TIMES, last).append(SharedRecords.EXPIRES_AT, Date.from(now.plus(window)));
  }

  private List<Instant> inWindow(List<Instant> times, Instant now) {
    Instant oldestCounted = now.minus(window);
    return times.stream().filter(time -> time.isAfter(oldestCounted)).toList();
  }

  private static List<Instant> times(Document record) {
    return record.getList(TIMES, Date.class, List.of()).stream().map(Date::toInstant).toList();
  }

  /** What the store keeps: milliseconds, so a wait computed now equals one computed later. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private String id(String key) {
    return name + ":" + key;
  }
}
