package org.medirelay.turn.auth;

import java.util.HashMap;
import java.util.Map;
import org.medirelay.ratelimit.TokenBucket;

/**
 * A token bucket per source ({@code K}: an address, or an address and port), so that
 * unauthenticated requests cannot make the server answer (401, 438) faster than a set rate: a TURN
 * server must not become a reflector with spoofed sources. At most {@link #MAX_TRACKED} sources are
 * tracked; beyond that a new source gets nothing until refilled buckets are forgotten. Used from
 * the event loop only.
 */
public final class SourceRateLimiter<K> {

  static final int MAX_TRACKED = 100_000;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private final double perSecond;
  private final double burst;
  private final Map<K, TokenBucket> buckets = new HashMap<>();

  public SourceRateLimiter(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /**
   * Takes one token for {@code source}; false when its bucket is empty and the answer must be
   * dropped.
   */
  public boolean tryAcquire(K source, long nowMillis) {
    long nowNanos = nowMillis * NANOS_PER_MILLI;
    TokenBucket bucket = buckets.get(source);
    if (bucket == null) {
      if (buckets.size() >= MAX_TRACKED) {
        evictFull(nowMillis);
        if (buckets.size() >= MAX_TRACKED) {
          return false;
        }
      }
      bucket = new TokenBucket(burst, perSecond, nowNanos);
      buckets.put(source, bucket);
    }
    return bucket.tryTake(1, nowNanos);
  }

  /**
   * Forgets sources whose bucket has refilled (a new one would start just as full); called by the
   * periodic sweep.
   */
  public void evictFull(long nowMillis) {
    long nowNanos = nowMillis * NANOS_PER_MILLI;
    buckets.values().removeIf(bucket -> bucket.isFull(nowNanos));
  }

  int trackedSources() {
    return buckets.size();
  }
}
