package org.medirelay.assistant.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageRateLimitTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T09:00:00Z");

    void advance(Duration by) {
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

  @Test
  void allowsTheLimitPerMinuteAndSaysHowLongToWait() {
    ManualClock clock = new ManualClock();
    MessageRateLimit limit = new MessageRateLimit(3, clock);

    assertThat(limit.acquire("p1")).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limit.acquire("p1")).isEmpty();
    assertThat(limit.acquire("p1")).isEmpty();

    assertThat(limit.acquire("p1")).contains(Duration.ofSeconds(50));
    assertThat(limit.acquire("p2")).as("another patient has their own budget").isEmpty();

    clock.advance(Duration.ofSeconds(50));
    assertThat(limit.acquire("p1")).isEmpty();
  }
}
