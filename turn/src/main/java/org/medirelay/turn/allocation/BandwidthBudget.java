package org.medirelay.turn.allocation;

import org.medirelay.ratelimit.TokenBucket;

/**
 * The bytes per second one allocation may relay ({@code --max-bps}), shared by both directions; one
 * second of traffic may burst. Zero means unlimited.
 */
final class BandwidthBudget {

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final TokenBucket bucket;

  BandwidthBudget(long bytesPerSecond, long nowMillis) {
    this.bucket =
        bytesPerSecond <= 0
            ? null
            : new TokenBucket(bytesPerSecond, bytesPerSecond, nowMillis * NANOS_PER_MILLI);
  }

  boolean tryConsume(int bytes, long nowMillis) {
    return bucket == null || bucket.tryTake(bytes, nowMillis * NANOS_PER_MILLI);
  }
}
