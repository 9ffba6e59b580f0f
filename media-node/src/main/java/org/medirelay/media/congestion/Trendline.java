package org.medirelay.media.congestion;

/**
 * GCC's delay trend (the trendline filter of libwebrtc, in place of the draft's Kalman filter):
 * delay variations are summed into the queueing delay accumulated so far, smoothed, and a
 * least-squares line is fitted through the last {@link #WINDOW} points (arrival time, smoothed
 * delay). Its slope is how fast the queue grows: milliseconds of delay per millisecond. Ring
 * arrays, nothing allocated.
 */
final class Trendline {

  static final int WINDOW = 20;
  private static final double SMOOTHING = 0.9;

  private final double[] times = new double[WINDOW];
  private final double[] delays = new double[WINDOW];
  private int points;
  private double firstArrivalMs = Double.NaN;
  private double accumulated;
  private double smoothed;
  private double slope;

  /** Adds one group's delay variation; returns the slope (0 until the window is full). */
  double add(double variationMs, double arrivalMs) {
    if (Double.isNaN(firstArrivalMs)) {
      firstArrivalMs = arrivalMs;
    }
    accumulated += variationMs;
    smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * accumulated;
    int slot = points % WINDOW;
    times[slot] = arrivalMs - firstArrivalMs;
    delays[slot] = smoothed;
    points++;
    if (points >= WINDOW) {
      slope = fit();
    }
    return slope;
  }

  /** Groups seen so far (the detector trusts a trend more the longer it has been measured). */
  int points() {
    return points;
  }

  private double fit() {
    double meanTime = 0;
    double meanDelay = 0;
    for (int i = 0; i < WINDOW; i++) {
      meanTime += times[i];
      meanDelay += delays[i];
    }
    meanTime /= WINDOW;
    meanDelay /= WINDOW;
    double covariance = 0;
    double variance = 0;
    for (int i = 0; i < WINDOW; i++) {
      covariance += (times[i] - meanTime) * (delays[i] - meanDelay);
      variance += (times[i] - meanTime) * (times[i] - meanTime);
    }
    return variance == 0 ? slope : covariance / variance;
  }
}
