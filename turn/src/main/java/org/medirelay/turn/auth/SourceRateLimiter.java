package org.medirelay.turn.auth;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source IP, so that unauthenticated requests cannot make the server answer
 * (401, 438) faster than a set rate: a TURN server must not become a reflector with spoofed
 * sources. Used from the event loop only.
 */
public final class SourceRateLimiter {

  private static final int MAX_TRACKED = 100_000;

  private final double perSecond;
  private final double burst;
  private final Map<InetAddress, double[]> buckets = new HashMap<>();

  public SourceRateLimiter(double perSecond, double burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /**
   * Takes one token for {@code source}; false when its bucket is empty and the answer must be
   * dropped.
   */
  public boolean tryAcquire(InetAddress source, long nowMillis) {
    double[] bucket = buckets.get(source);
    if (bucket == null) {
      if (buckets.size() >= MAX_TRACKED) {
        evictFull(nowMillis);
      }
      bucket = new double[] {burst, nowMillis};
      buckets.put(source, bucket);
    }
    if (nowMillis > bucket[1]) { // a clock stepped back refills nothing
      bucket[0] = Math.min(burst, bucket[0] + (nowMillis - bucket[1]) * perSecond / 1000.0);
      bucket[1] = nowMillis;
    }
    if (bucket[0] < 1) {
      return false;
    }
    bucket[0] -= 1;
    return true;
  }

  /** Forgets sources whose bucket has refilled; called by the periodic sweep. */
  public void evictFull(long nowMillis) {
    for (Iterator<double[]> it = buckets.values().iterator(); it.hasNext(); ) {
      double[] b = it.next();
      if (b[0] + (nowMillis - b[1]) * perSecond / 1000.0 >= burst) {
        it.remove();
      }
    }
  }
}
