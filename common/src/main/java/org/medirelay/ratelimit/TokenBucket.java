package org.medirelay.ratelimit;

/**
 * A token bucket: holds at most {@code capacity} tokens, starts full and refills at {@code
 * perSecond}. The caller passes its clock reading in nanoseconds, so hot paths read the clock once
 * for several uses and tests drive time. One owner: not thread-safe, and it allocates nothing.
 */
public final class TokenBucket {

  private final double capacity;
  private final double perNano;
  private double tokens;
  private long lastNanos;

  public TokenBucket(double capacity, double perSecond, long nowNanos) {
    this.capacity = capacity;
    this.perNano = perSecond / 1_000_000_000.0;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Takes {@code amount} tokens if the bucket holds that many; otherwise takes nothing. */
  public boolean tryTake(double amount, long nowNanos) {
    if (nowNanos > lastNanos) {
      tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
      lastNanos = nowNanos;
    }
    if (tokens < amount) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  /**
   * True when the bucket would hold its capacity at {@code nowNanos}: an owner that tracks many
   * buckets can forget this one, since a new bucket starts full. Changes nothing.
   */
  public boolean isFull(long nowNanos) {
    return tokens + Math.max(0, nowNanos - lastNanos) * perNano >= capacity;
  }
}
