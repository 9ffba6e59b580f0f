package org.medirelay.media.congestion;

/**
 * Compares the delay trend with an adaptive threshold (draft-ietf-rmcat-gcc-02 section 5.4): a
 * trend above it for more than 10 ms, and still rising, is overuse; below minus it, underuse. The
 * threshold follows the trend, quickly down and slowly up, so a path whose delay always wobbles
 * (wifi) does not read as congested, and one competing with TCP is not starved by it.
 */
final class OveruseDetector {

  /** Weight of the trend: the slope is scaled by the groups behind it (at most 60) and this. */
  private static final double GAIN = 4;

  private static final int MAX_POINTS = 60;
  private static final double OVERUSE_MS = 10;
  private static final double K_UP = 0.0087;
  private static final double K_DOWN = 0.039;
  private static final double MIN_THRESHOLD = 6;
  private static final double MAX_THRESHOLD = 600;

  /** Trends further above the threshold than this are spikes the threshold does not chase. */
  private static final double MAX_ADAPT_STEP = 15;

  private double threshold = 12.5;
  private double overusingMs = -1;
  private int overuses;
  private double previousTrend;
  private double lastUpdateMs = Double.NaN;
  private Usage usage = Usage.NORMAL;

  /**
   * Judges the trend after one more group.
   *
   * @param points groups the trend has seen
   * @param sendDeltaMs send time since the previous group
   * @param nowMs the group's arrival time
   */
  Usage detect(double trend, int points, double sendDeltaMs, double nowMs) {
    double modified = Math.min(points, MAX_POINTS) * trend * GAIN;
    if (modified > threshold) {
      overusingMs = overusingMs < 0 ? sendDeltaMs / 2 : overusingMs + sendDeltaMs;
      overuses++;
      if (overusingMs > OVERUSE_MS && overuses > 1 && trend >= previousTrend) {
        overusingMs = 0;
        overuses = 0;
        usage = Usage.OVERUSE;
      }
    } else {
      overusingMs = -1;
      overuses = 0;
      usage = modified < -threshold ? Usage.UNDERUSE : Usage.NORMAL;
    }
    previousTrend = trend;
    adapt(Math.abs(modified), nowMs);
    return usage;
  }

  private void adapt(double magnitude, double nowMs) {
    double elapsed = Double.isNaN(lastUpdateMs) ? 0 : Math.min(nowMs - lastUpdateMs, 100);
    lastUpdateMs = nowMs;
    if (magnitude > threshold + MAX_ADAPT_STEP || elapsed < 0) {
      return;
    }
    double k = magnitude < threshold ? K_DOWN : K_UP;
    threshold += k * (magnitude - threshold) * elapsed;
    threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
  }
}
