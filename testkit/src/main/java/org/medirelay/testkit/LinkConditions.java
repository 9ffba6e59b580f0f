package org.medirelay.testkit;

import java.util.Locale;

/**
 * What one direction of a {@link ShapedLink} does to traffic: a bandwidth cap with a real queue
 * (Linux {@code tbf}: {@code rateKbit}, a token bucket of {@code burstBytes}, and a queue holding
 * {@code queueMillis} of traffic before it drops), and random loss of packets ({@code loss}, a
 * probability in [0, 1)). A rate of 0 means no cap.
 */
public record LinkConditions(long rateKbit, int burstBytes, int queueMillis, double loss) {

  /** No cap, no loss. */
  public static final LinkConditions OPEN = new LinkConditions(0, 0, 0, 0);

  /** The queue's default length: what a home router or a mobile network typically buffers. */
  public static final int DEFAULT_QUEUE_MILLIS = 300;

  public LinkConditions {
    if (rateKbit < 0 || burstBytes < 0 || queueMillis < 0) {
      throw new IllegalArgumentException("negative rate, burst or queue");
    }
    if (rateKbit > 0 && (burstBytes < 1600 || queueMillis == 0)) {
      // A bucket smaller than one full-size frame never lets that frame through.
      throw new IllegalArgumentException("a cap needs a burst of at least 1600 bytes and a queue");
    }
    if (!(loss >= 0 && loss < 1)) {
      throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
    }
  }

  /**
   * A cap of {@code kbit} kbit/s with a bucket of 20 ms of traffic (at least 4 KiB, so that a few
   * full-size packets pass back to back, as on a real access link) and a 300 ms queue; no loss.
   */
  public static LinkConditions cap(long kbit) {
    int twentyMillis = (int) Math.min(Integer.MAX_VALUE, kbit * 1000 / 8 / 50);
    return new LinkConditions(kbit, Math.max(4096, twentyMillis), DEFAULT_QUEUE_MILLIS, 0);
  }

  /** No cap; each packet is dropped at random with {@code probability}. */
  public static LinkConditions lossOf(double probability) {
    return OPEN.withLoss(probability);
  }

  /** The same cap, with {@code probability} random loss. */
  public LinkConditions withLoss(double probability) {
    return new LinkConditions(rateKbit, burstBytes, queueMillis, probability);
  }

  public boolean capped() {
    return rateKbit > 0;
  }

  /** For tables and logs: {@code open}, {@code 350 kbit/s}, {@code 3 % loss}, or both. */
  @Override
  public String toString() {
    String cap = capped() ? rateKbit + " kbit/s" : "";
    double percent = Math.round(loss * 1000) / 10.0;
    String lost =
        loss == 0
            ? ""
            : (percent == Math.rint(percent)
                    ? Long.toString((long) percent)
                    : String.format(Locale.ROOT, "%.1f", percent))
                + " % loss";
    if (cap.isEmpty() && lost.isEmpty()) {
      return "open";
    }
    return cap.isEmpty() ? lost : lost.isEmpty() ? cap : cap + " + " + lost;
  }
}
