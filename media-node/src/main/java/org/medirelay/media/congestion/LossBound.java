package org.medirelay.media.congestion;

/**
 * GCC's loss-based bound (draft-ietf-rmcat-gcc-02 section 6), over at least {@link #MIN_PACKETS}
 * reported packets at a time:
 *
 * <pre>
 * loss &gt; 10 %:  bound := bound * (1 - 0.5 loss)   at most every 300 ms
 * loss &lt;  2 %:  bound := bound * 1.08 + 1 kbit/s  at most every second, up to the delay-based rate
 * otherwise:     bound unchanged
 * </pre>
 *
 * A decrease never goes below {@code (1 - 0.5 loss)} of what the receiver acknowledged: when the
 * node sends far more than the link carries, the link drops the excess, and the loss says how much
 * to send, not that the link carries nothing. Growth follows the delay-based rate at 8 % a second,
 * as that one grows, so a later loss bites at once.
 */
final class LossBound {

  static final int MIN_PACKETS = 20;
  private static final double HIGH_LOSS = 0.10;
  private static final double LOW_LOSS = 0.02;
  private static final long DECREASE_INTERVAL_NANOS = 300_000_000;
  private static final long INCREASE_INTERVAL_NANOS = 1_000_000_000;

  private final long floor;
  private final long ceiling;
  private long bound;
  private int lost;
  private int reported;
  private double loss;
  private long lastDecrease = Long.MIN_VALUE;
  private long lastIncrease = Long.MIN_VALUE;

  LossBound(long start, long floor, long ceiling) {
    this.bound = start;
    this.floor = floor;
    this.ceiling = ceiling;
  }

  long bitsPerSecond() {
    return bound;
  }

  /** The fraction lost over the last {@link #MIN_PACKETS} or more reported packets. */
  double loss() {
    return loss;
  }

  /**
   * @param acknowledged bits per second the receiver acknowledged, or -1 while unknown
   * @param delayBased the delay-based rate now
   */
  void update(int newlyLost, int newlyReported, long acknowledged, long delayBased, long now) {
    lost += newlyLost;
    reported += newlyReported;
    if (reported < MIN_PACKETS) {
      return;
    }
    loss = (double) lost / reported;
    lost = 0;
    reported = 0;
    if (loss > HIGH_LOSS && since(lastDecrease, now) >= DECREASE_INTERVAL_NANOS) {
      double keep = 1 - 0.5 * loss;
      bound = Math.min(bound, (long) Math.max(bound * keep, acknowledged * keep));
      lastDecrease = now;
    } else if (loss < LOW_LOSS && since(lastIncrease, now) >= INCREASE_INTERVAL_NANOS) {
      bound = Math.max(bound, Math.min((long) (bound * 1.08) + 1000, delayBased));
      lastIncrease = now;
    }
    bound = Math.max(floor, Math.min(ceiling, bound));
  }

  /** As {@link AimdRateControl#delivered}: unless loss is high, the bound is at least that. */
  void delivered(long delivered) {
    if (loss <= HIGH_LOSS) {
      bound = Math.max(bound, Math.min(ceiling, delivered));
    }
  }

  private static long since(long then, long now) {
    return then == Long.MIN_VALUE ? Long.MAX_VALUE : now - then;
  }
}
