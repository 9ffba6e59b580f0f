package org.medirelay.media.signaling;

/** A token bucket for one connection's chat messages: {@code burst} at once, then one per {@code refillNanos}. */
final class ChatLimit {

  private final int burst;
  private final long refillNanos;
  private double tokens;
  private long lastNanos;
  private boolean started;

  ChatLimit(int burst, long refillNanos) {
    this.burst = burst;
    this.refillNanos = refillNanos;
    this.tokens = burst;
  }

  /** Takes one message's token if there is one; called on the connection's event loop only. */
  boolean tryTake(long nowNanos) {
    if (started) {
      tokens = Math.min(burst, tokens + (nowNanos - lastNanos) / (double) refillNanos);
    }
    started = true;
    lastNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
