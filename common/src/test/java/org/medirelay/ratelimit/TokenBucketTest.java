package org.medirelay.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketAllowsItsBurstThenRefillsAtItsRateUpToItsCapacity() {
    TokenBucket bucket = new TokenBucket(5, 1, 0);
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.tryTake(1, 0)).isTrue();
    }
    assertThat(bucket.tryTake(1, 0)).isFalse();
    assertThat(bucket.tryTake(1, SECOND / 2)).isFalse();
    assertThat(bucket.tryTake(1, SECOND)).isTrue();
    // A long pause refills to the capacity, not beyond it.
    for (int i = 0; i < 5; i++) {
      assertThat(bucket.tryTake(1, 100 * SECOND)).isTrue();
    }
    assertThat(bucket.tryTake(1, 100 * SECOND)).isFalse();
  }

  @Test
  void aRequestLargerThanWhatIsLeftTakesNothing() {
    TokenBucket bytes = new TokenBucket(1000, 1000, 0);
    assertThat(bytes.tryTake(600, 0)).isTrue();
    assertThat(bytes.tryTake(600, 0)).isFalse();
    assertThat(bytes.tryTake(400, 0)).isTrue();
    // A clock that goes back (another thread's older reading) neither refills nor breaks the
    // bucket.
    assertThat(bytes.tryTake(1, -SECOND)).isFalse();
  }

  @Test
  void aBucketIsFullOnceItHasRefilledToItsCapacity() {
    TokenBucket bucket = new TokenBucket(2, 1, 0);
    assertThat(bucket.isFull(0)).isTrue();
    bucket.tryTake(1, 0);
    assertThat(bucket.isFull(0)).isFalse();
    assertThat(bucket.isFull(SECOND / 2)).isFalse();
    assertThat(bucket.isFull(SECOND)).isTrue();
    assertThat(bucket.isFull(-SECOND)).as("a clock that goes back refills nothing").isFalse();
    assertThat(bucket.tryTake(2, 0)).as("asking changed nothing").isFalse();
  }
}
