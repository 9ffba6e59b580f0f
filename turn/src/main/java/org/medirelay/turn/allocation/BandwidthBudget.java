package org.medirelay.turn.allocation;

/**
 * A token bucket in bytes per second for one allocation ({@code --max-bps}), shared by both directions; one second
 * of traffic may burst. Zero means unlimited.
 */
final class BandwidthBudget {

  private final long bytesPerSecond;
  private double tokens;
  private long lastRefill;

  BandwidthBudget(long bytesPerSecond, long now) {
    this.bytesPerSecond = bytesPerSecond;
    this.tokens = bytesPerSecond;
    this.lastRefill = now;
  }

  boolean tryConsume(int bytes, long now) {
    if (bytesPerSecond <= 0) {
      return true;
    }
    if (now > lastRefill) {
      tokens = Math.min(bytesPerSecond, tokens + (now - lastRefill) * bytesPerSecond / 1000.0);
      lastRefill = now;
    }
    if (tokens < bytes) {
      return false;
    }
    tokens -= bytes;
    return true;
  }
}
