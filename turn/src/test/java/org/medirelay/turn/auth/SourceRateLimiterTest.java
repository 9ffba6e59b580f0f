package org.medirelay.turn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

  private static final InetAddress A = address(10, 0, 0, 1);
  private static final InetAddress B = address(10, 0, 0, 2);

  @Test
  void eachSourceGetsItsBurstThenItsRate() {
    SourceRateLimiter<InetAddress> limiter = new SourceRateLimiter<>(2, 4);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAcquire(A, 0)).isTrue();
    }
    assertThat(limiter.tryAcquire(A, 0)).isFalse();
    assertThat(limiter.tryAcquire(B, 0)).as("another source has its own bucket").isTrue();
    assertThat(limiter.tryAcquire(A, 250)).isFalse();
    assertThat(limiter.tryAcquire(A, 500)).isTrue();
    assertThat(limiter.tryAcquire(A, 500)).isFalse();
  }

  @Test
  void aClockSteppedBackRefillsNothing() {
    SourceRateLimiter<InetAddress> limiter = new SourceRateLimiter<>(1, 1);
    assertThat(limiter.tryAcquire(A, 10_000)).isTrue();
    assertThat(limiter.tryAcquire(A, 0)).isFalse();
    assertThat(limiter.tryAcquire(A, 10_500)).isFalse();
    assertThat(limiter.tryAcquire(A, 11_000)).isTrue();
  }

  @Test
  void theSweepForgetsOnlySourcesWhoseBucketHasRefilled() {
    SourceRateLimiter<InetAddress> limiter = new SourceRateLimiter<>(1, 2);
    limiter.tryAcquire(A, 0);
    limiter.tryAcquire(B, 0);
    limiter.tryAcquire(B, 0);
    limiter.evictFull(1_000);
    assertThat(limiter.trackedSources()).isEqualTo(1);
    // B, still short of its burst, was kept: its empty bucket goes on limiting it.
    assertThat(limiter.tryAcquire(B, 1_000)).isTrue();
    assertThat(limiter.tryAcquire(B, 1_000)).isFalse();
    limiter.evictFull(3_000);
    assertThat(limiter.trackedSources()).isZero();
  }

  @Test
  void aNewSourceBeyondTheBoundFirstEvictsTheRefilledOnes() {
    SourceRateLimiter<InetAddress> limiter = new SourceRateLimiter<>(1, 1);
    for (int i = 0; i < SourceRateLimiter.MAX_TRACKED; i++) {
      limiter.tryAcquire(address(10, i >> 16, i >> 8, i), 0);
    }
    assertThat(limiter.trackedSources()).isEqualTo(SourceRateLimiter.MAX_TRACKED);
    limiter.tryAcquire(address(192, 0, 2, 1), 1_000);
    assertThat(limiter.trackedSources()).isEqualTo(1);
  }

  @Test
  void beyondTheBoundANewSourceGetsNothingWhileNoneHasRefilled() {
    SourceRateLimiter<InetAddress> limiter = new SourceRateLimiter<>(1, 1);
    for (int i = 0; i < SourceRateLimiter.MAX_TRACKED; i++) {
      limiter.tryAcquire(address(10, i >> 16, i >> 8, i), 0);
    }
    assertThat(limiter.tryAcquire(address(192, 0, 2, 1), 500)).isFalse();
    assertThat(limiter.trackedSources()).isEqualTo(SourceRateLimiter.MAX_TRACKED);
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
