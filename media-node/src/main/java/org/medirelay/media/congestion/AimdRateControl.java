package org.medirelay.media.congestion;

/**
 * The delay-based estimate (draft-ietf-rmcat-gcc-02 section 5.5): additive increase, multiplicative
 * decrease, driven by the {@link Usage} the delay trend shows.
 *
 * <pre>
 * signal    state:  Hold       Increase   Decrease
 * overuse           Decrease   Decrease   (stays)
 * normal            Increase   (stays)    Hold
 * underuse          (stays)    Hold       Hold
 * </pre>
 *
 * Increase is 8 % a second while the link's capacity is unknown, and about one packet per response
 * time once a decrease has shown where it is (near it, creep; far from it, climb). Decrease sets
 * the rate to 0.85 of what the receiver acknowledged, at most once per 200 ms. The rate never
 * climbs above 1.5 times what was acknowledged: without traffic to measure, a rate is a guess.
 */
final class AimdRateControl {

  private static final double BETA = 0.85;
  private static final double MULTIPLICATIVE_PER_SECOND = 1.08;

  /** Round trip assumed (the node does not feed it in) plus 100 ms: one response of the path. */
  private static final double RESPONSE_SECONDS = 0.3;

  private static final long PACKET_BITS = 1200 * 8;
  private static final long DECREASE_INTERVAL_NANOS = 200_000_000;

  private enum State {
    HOLD,
    INCREASE,
    DECREASE
  }

  private final long floor;
  private final long ceiling;
  private final LinkCapacity capacity = new LinkCapacity();
  private State state = State.INCREASE;
  private long rate;
  private long lastUpdate = Long.MIN_VALUE;
  private long lastDecrease = Long.MIN_VALUE;
  private boolean overused;

  AimdRateControl(long start, long floor, long ceiling) {
    this.rate = start;
    this.floor = floor;
    this.ceiling = ceiling;
  }

  long bitsPerSecond() {
    return rate;
  }

  /**
   * Moves the rate for what the latest feedback showed.
   *
   * @param acknowledged bits per second the receiver acknowledged, or -1 while unknown
   */
  void update(Usage usage, long acknowledged, long nowNanos) {
    state = next(state, usage);
    double seconds =
        lastUpdate == Long.MIN_VALUE ? 0 : Math.min(1.0, (nowNanos - lastUpdate) / 1e9);
    lastUpdate = nowNanos;
    if (!overused && acknowledged > rate) {
      rate = acknowledged; // before the first overuse, the path has shown it carries this much
    }
    switch (state) {
      case INCREASE -> increase(seconds, acknowledged);
      case DECREASE -> decrease(acknowledged, nowNanos);
      case HOLD -> {}
    }
    rate = Math.max(floor, Math.min(ceiling, rate));
  }

  private static State next(State state, Usage usage) {
    return switch (usage) {
      case OVERUSE -> State.DECREASE;
      case UNDERUSE -> State.HOLD;
      case NORMAL -> state == State.HOLD ? State.INCREASE : state;
    };
  }

  private void increase(double seconds, long acknowledged) {
    if (acknowledged < 0) {
      return; // nothing measured yet: what the link carries is unknown
    }
    if (capacity.known() && rate > capacity.upperBound()) {
      capacity.forget(); // the link carries more than we thought: climb again
    }
    long raised;
    if (capacity.known()) {
      raised = rate + Math.max(1000, (long) (PACKET_BITS / RESPONSE_SECONDS * seconds));
    } else {
      raised =
          rate + Math.max(1000, (long) (rate * (Math.pow(MULTIPLICATIVE_PER_SECOND, seconds) - 1)));
    }
    rate = Math.min(raised, Math.max(rate, acknowledged * 3 / 2 + 10_000));
  }

  /**
   * The receiver acknowledged {@code delivered} bits per second without a queue building (a probe
   * showed it): the link carries at least that, so the rate need not climb to it step by step.
   */
  void delivered(long delivered) {
    if (delivered > rate) {
      rate = Math.min(ceiling, delivered);
      capacity.forget();
    }
  }

  /** The link carries {@code bps} still (what flowed before a probe's queue; see the estimator). */
  void atLeast(long bps) {
    rate = Math.max(rate, Math.min(ceiling, bps));
  }

  private void decrease(long acknowledged, long nowNanos) {
    state = State.HOLD;
    if (lastDecrease != Long.MIN_VALUE && nowNanos - lastDecrease < DECREASE_INTERVAL_NANOS) {
      return; // the last decrease has not had time to show
    }
    long target = acknowledged > 0 ? (long) (BETA * acknowledged) : (long) (BETA * rate);
    rate = Math.min(rate, target);
    if (acknowledged > 0) {
      capacity.overuseAt(acknowledged);
    }
    lastDecrease = nowNanos;
    overused = true;
  }
}
