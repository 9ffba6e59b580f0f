package org.medirelay.media.router;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many bytes of retransmissions one subscriber may still receive: a token bucket in bytes that
 * is filled not by time but by what the node forwards to the subscriber, {@link #SHARE} of every
 * forwarded byte, and holds at most {@link #BURST_BYTES} (it starts full, so a newcomer's early
 * losses are repaired). Over any stretch of time, then,
 *
 * <pre>
 *   bytes resent ≤ BURST_BYTES + SHARE × bytes forwarded
 * </pre>
 *
 * however often the subscriber asks: NACKing everything buys at most a quarter more than the stream
 * itself, which real loss (a few percent) never needs. Publishers' receive threads add what they
 * forward (a striped adder: no lock, no allocation); only the subscriber's NACK handling takes.
 */
final class RetransmissionBudget {

  static final double SHARE = 0.25;
  static final int BURST_BYTES = 64 * 1024;

  private final LongAdder forwarded = new LongAdder();

  /** Forwarded bytes already turned into credit. */
  private long credited;

  private double credit = BURST_BYTES;

  /** The node forwarded {@code bytes} of media to the subscriber. */
  void forwarded(int bytes) {
    forwarded.add(bytes);
  }

  /** Takes {@code bytes} of credit when there is that much; otherwise takes nothing. */
  boolean tryTake(int bytes) {
    long total = forwarded.sum();
    credit = Math.min(BURST_BYTES, credit + (total - credited) * SHARE);
    credited = total;
    if (credit < bytes) {
      return false;
    }
    credit -= bytes;
    return true;
  }
}
