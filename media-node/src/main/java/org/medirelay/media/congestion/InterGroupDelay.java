package org.medirelay.media.congestion;

/**
 * Groups packets into bursts by send time (a group is every packet sent within 5 ms of its first,
 * which is how the node forwards a video frame) and measures, between consecutive groups, how much
 * longer the receiver took to get them than the node took to send them (GCC's inter-group delay
 * variation, draft-ietf-rmcat-gcc-02 section 5.2):
 *
 * <pre>
 * d(i) = (arrival of group i's last packet - arrival of group i-1's last packet)
 *      - (send of group i's last packet    - send of group i-1's last packet)
 * </pre>
 *
 * A queue that grows makes d positive, one that drains makes it negative. Packets are fed in
 * sequence (= send) order; one sent before the current group began arrived reordered and is left
 * out.
 *
 * <p>A packet that arrives within {@link #BURST_MICROS} of the group's last, sooner after it than
 * it was sent, joins the group however much later it was sent (the draft's burst rule, kept within
 * {@link #MAX_BURST_MICROS}): what waited behind a stall (the receiver's network thread busy, a
 * wifi retry) is read in one burst, and the burst catches up with the delay the stall seemed to
 * add. Measured apart, the stall reads as a queue growing, then draining: on an open link, a
 * receiver that stalled 150 ms twice a second was thought congested below the 300 kbit/s flowing to
 * it.
 */
final class InterGroupDelay {

  static final long GROUP_NANOS = 5_000_000;

  /**
   * A variation beyond this is a clock jump or a lie, not a queue: it is left out, and the next one
   * is measured from the group that closed it.
   */
  static final double RESET_MS = 3_000;

  static final long BURST_MICROS = 5_000;
  static final long MAX_BURST_MICROS = 100_000;

  private boolean grouping;
  private boolean hasPrevious;
  private long firstSend;
  private long lastSend;
  private long firstArrival;
  private long lastArrival;
  private long previousSend;
  private long previousArrival;

  private double variationMs;
  private double sendDeltaMs;
  private double arrivalMs;

  /**
   * Adds one received packet; true when it closed a group and a new {@link #variationMs()} is
   * ready.
   */
  boolean add(long sendNanos, long arrivalMicros) {
    if (!grouping) {
      start(sendNanos, arrivalMicros);
      return false;
    }
    if (sendNanos < firstSend) {
      return false;
    }
    if (sendNanos - firstSend <= GROUP_NANOS || inBurst(sendNanos, arrivalMicros)) {
      lastSend = Math.max(lastSend, sendNanos);
      lastArrival = Math.max(lastArrival, arrivalMicros);
      return false;
    }
    boolean ready = false;
    if (hasPrevious) {
      double send = (lastSend - previousSend) / 1e6;
      double arrival = (lastArrival - previousArrival) / 1e3;
      variationMs = arrival - send;
      sendDeltaMs = send;
      arrivalMs = lastArrival / 1e3;
      ready = arrival >= 0 && Math.abs(variationMs) < RESET_MS;
    }
    previousSend = lastSend;
    previousArrival = lastArrival;
    hasPrevious = true;
    start(sendNanos, arrivalMicros);
    return ready;
  }

  private boolean inBurst(long sendNanos, long arrivalMicros) {
    if (sendNanos == lastSend) {
      return true; // sent with the group's latest (a frame's packets, paced as one)
    }
    long arrivalDelta = arrivalMicros - lastArrival;
    long sendDeltaMicros = (sendNanos - lastSend) / 1000;
    return arrivalDelta < sendDeltaMicros
        && arrivalDelta <= BURST_MICROS
        && arrivalMicros - firstArrival < MAX_BURST_MICROS;
  }

  private void start(long sendNanos, long arrivalMicros) {
    grouping = true;
    firstSend = sendNanos;
    lastSend = sendNanos;
    firstArrival = arrivalMicros;
    lastArrival = arrivalMicros;
  }

  /** d(i) of the last closed group, in milliseconds. */
  double variationMs() {
    return variationMs;
  }

  /** Send time between the last two closed groups, in milliseconds. */
  double sendDeltaMs() {
    return sendDeltaMs;
  }

  /** Arrival of the last closed group's last packet, in the receiver's milliseconds. */
  double arrivalMs() {
    return arrivalMs;
  }
}
