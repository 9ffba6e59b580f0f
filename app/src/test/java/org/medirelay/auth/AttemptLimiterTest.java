package org.medirelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T10:00:00Z");

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

  @Test
  void blocksAfterTheAllowanceUntilTheOldestAttemptLeavesTheWindow() {
    ManualClock clock = new ManualClock();
    AttemptLimiter limiter = new AttemptLimiter(clock, Duration.ofMinutes(15), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blockedFor("k")).isEmpty();
      limiter.record("k");
      clock.now = clock.now.plus(Duration.ofMinutes(1));
    }
    // Attempts at 10:00, 10:01, 10:02; now 10:03: free again at 10:15.
    assertThat(limiter.blockedFor("k")).contains(Duration.ofMinutes(12));
    assertThat(limiter.blockedFor("other")).isEmpty();
    clock.now = Instant.parse("2026-01-01T10:15:00Z");
    assertThat(limiter.blockedFor("k")).isEmpty();
    limiter.record("k");
    assertThat(limiter.blockedFor("k")).contains(Duration.ofMinutes(1));
    limiter.forget("k");
    assertThat(limiter.blockedFor("k")).isEmpty();
  }
}
