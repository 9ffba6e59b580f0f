package org.medirelay.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.medirelay.testkit.ManualClock;

class SlidingWindowLimiterTest {

  @Test
  void blocksAfterTheAllowanceUntilTheOldestAttemptLeavesTheWindow() {
    ManualClock clock = new ManualClock("2026-01-01T10:00:00Z");
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock, Duration.ofMinutes(15), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blockedFor("k")).isEmpty();
      limiter.record("k");
      clock.advance(Duration.ofMinutes(1));
    }
    // Attempts at 10:00, 10:01, 10:02; now 10:03: free again at 10:15.
    assertThat(limiter.blockedFor("k")).contains(Duration.ofMinutes(12));
    assertThat(limiter.blockedFor("other")).isEmpty();
    clock.advance(Duration.ofMinutes(12)); // 10:15
    assertThat(limiter.blockedFor("k")).isEmpty();
    limiter.record("k");
    assertThat(limiter.blockedFor("k")).contains(Duration.ofMinutes(1));
    limiter.forget("k");
    assertThat(limiter.blockedFor("k")).isEmpty();
  }

  @Test
  void allowsTheLimitPerMinuteAndSaysHowLongToWait() {
    ManualClock clock = new ManualClock("2026-11-22T09:00:00Z");
    SlidingWindowLimiter limit = new SlidingWindowLimiter(clock, Duration.ofMinutes(1), 3);

    assertThat(limit.tryAcquire("p1")).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limit.tryAcquire("p1")).isEmpty();
    assertThat(limit.tryAcquire("p1")).isEmpty();

    assertThat(limit.tryAcquire("p1")).contains(Duration.ofSeconds(50));
    assertThat(limit.tryAcquire("p2")).as("another patient has their own budget").isEmpty();

    clock.advance(Duration.ofSeconds(50));
    assertThat(limit.tryAcquire("p1")).isEmpty();
  }

  @Test
  void forgetsIdleKeysAndTracksAtMostMaxKeys() {
    ManualClock clock = new ManualClock("2026-01-01T10:00:00Z");
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(clock, Duration.ofMinutes(1), 2, 3);
    limiter.record("a");
    limiter.record("a");
    clock.advance(Duration.ofSeconds(30));
    limiter.record("b");
    limiter.record("c");
    assertThat(limiter.trackedKeys()).isEqualTo(3);

    // A fourth key pushes out the least recently active one, "a".
    limiter.record("d");
    assertThat(limiter.trackedKeys()).isEqualTo(3);
    assertThat(limiter.blockedFor("a")).isEmpty();

    // Once their last event is a window old, keys are dropped without being asked about again.
    clock.advance(Duration.ofMinutes(1));
    limiter.record("e");
    assertThat(limiter.trackedKeys()).isEqualTo(1);

    // Refused attempts never grow a key beyond its limit, and the wait stays exact.
    for (int i = 0; i < 1000; i++) {
      limiter.record("e");
    }
    assertThat(limiter.blockedFor("e")).contains(Duration.ofMinutes(1));
  }
}
