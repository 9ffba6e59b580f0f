package org.medirelay.media.congestion;

/**
 * Where the link's capacity seems to be: the average of the acknowledged rates at which overuse was
 * seen, with their spread. Near it the rate control creeps instead of climbing; an acknowledged
 * rate far below, or an estimate far above, means the link changed, and it is forgotten.
 */
final class LinkCapacity {

  private static final double WEIGHT = 0.05;

  /** In kbit/s, the unit the variance bounds below are tuned for. */
  private double mean = -1;

  /** Variance relative to the mean (kbit/s), so one number fits every link speed. */
  private double relativeVariance = 0.4;

  boolean known() {
    return mean > 0;
  }

  void overuseAt(long acknowledgedBits) {
    double acknowledged = acknowledgedBits / 1000.0;
    if (known() && acknowledged < mean - 3 * deviation()) {
      forget();
    }
    if (!known()) {
      mean = acknowledged;
      return;
    }
    mean = (1 - WEIGHT) * mean + WEIGHT * acknowledged;
    double error = mean - acknowledged;
    relativeVariance = (1 - WEIGHT) * relativeVariance + WEIGHT * error * error / mean;
    relativeVariance = Math.max(0.4, Math.min(2.5, relativeVariance));
  }

  /** Bits per second above which the link has more to give than measured. */
  double upperBound() {
    return (mean + 3 * deviation()) * 1000;
  }

  private double deviation() {
    return Math.sqrt(relativeVariance * mean);
  }

  void forget() {
    mean = -1;
  }
}
