package org.medirelay.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand. */
public final class ManualClock extends Clock {

  private Instant now;

  /** Starts at 2026-01-01T10:00:00Z. */
  public ManualClock() {
    this("2026-01-01T10:00:00Z");
  }

  /** Starts at {@code start}, an ISO-8601 instant. */
  public ManualClock(String start) {
    now = Instant.parse(start);
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
