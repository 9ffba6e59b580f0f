package org.medirelay.media.congestion;

/**
 * What the link delivered during one probe: every packet the node sent the receiver while the probe
 * ran (media and padding alike), measured from the transport-cc feedback about them, as a receiver
 * of a packet train would. The rate they were sent at is their bytes over the span of their send
 * times; the rate they arrived at, their bytes over the span of their arrival times. A link with
 * room passes the train as it was sent; a full one stretches it (its arrival rate is then the
 * link's, flattered by whatever burst its queue lets through at first, so it is not used).
 *
 * <pre>
 * sent:     |█ █ █ █ █ █ █ █|                      send span    → sent rate
 * arrived:  |█  █  █  █  █  █  █  █|               arrival span → arrival rate (the link's, if slower)
 * room:     min(sent, arrived); none when arrived is below 0.9 × sent (the link was full)
 * </pre>
 *
 * Both rates are over the packets that arrived (a random loss stretches neither), each counting one
 * packet less than the train (n packets span n - 1 intervals). Too few packets, or too many lost,
 * and there is no result. Only packets reported for the first time are seen, so each counts once.
 */
final class ProbeCluster {

  /** A result needs at least this many packets to have arrived. */
  static final int MIN_PACKETS = 20;

  /** A span shorter than this measures the link's buffer, not its rate. */
  static final long MIN_SPAN_NANOS = 100_000_000;

  /** More lost than this, and the train no longer shows the rate it was sent at. */
  private static final double MAX_LOSS = 0.2;

  /** Delivered at less than this share of the rate it was sent at, the probe was stretched. */
  private static final double UNSTRETCHED = 0.9;

  private long fromNanos = Long.MAX_VALUE;
  private long untilNanos = Long.MIN_VALUE;
  private long firstSend;
  private long lastSend;
  private long firstArrival;
  private long lastArrival;
  private long bytes;
  private int arrived;
  private int lost;

  /** Measures the packets sent from {@code nowNanos} on, until {@link #end}; forgets the last. */
  void start(long nowNanos) {
    fromNanos = nowNanos;
    untilNanos = Long.MAX_VALUE;
    firstSend = Long.MAX_VALUE;
    lastSend = Long.MIN_VALUE;
    firstArrival = Long.MAX_VALUE;
    lastArrival = Long.MIN_VALUE;
    bytes = 0;
    arrived = 0;
    lost = 0;
  }

  /** Packets sent from {@code nowNanos} on are not part of it (the probe stopped or ran out). */
  void end(long nowNanos) {
    untilNanos = Math.min(untilNanos, nowNanos);
  }

  /** Whether a packet sent at {@code sendNanos} belongs to the probe being measured. */
  boolean covers(long sendNanos) {
    return sendNanos >= fromNanos && sendNanos < untilNanos;
  }

  /** One reported packet: arrived at {@code arrivalMicros} (receiver's clock), or lost (-1). */
  void add(long sendNanos, long arrivalMicros, int size) {
    if (!covers(sendNanos)) {
      return;
    }
    if (arrivalMicros < 0) {
      lost++;
      return;
    }
    arrived++;
    bytes += size;
    firstSend = Math.min(firstSend, sendNanos);
    lastSend = Math.max(lastSend, sendNanos);
    firstArrival = Math.min(firstArrival, arrivalMicros);
    lastArrival = Math.max(lastArrival, arrivalMicros);
  }

  /**
   * How much longer the link has taken so far to deliver the packets that arrived than the node
   * took to send them, in microseconds: the queue the probe has built (negative while a bucket's
   * burst lets it through faster than it was sent).
   */
  long stretchMicros() {
    if (arrived < 2) {
      return 0;
    }
    return (lastArrival - firstArrival) - (lastSend - firstSend) / 1000;
  }

  /**
   * The rate the link delivered the probe at, in bits per second, when it did so without stretching
   * it (so it has room for at least that); -1 when it stretched it (the link was full) or the probe
   * measured too little.
   */
  long roomBitsPerSecond() {
    if (arrived < MIN_PACKETS || lost > MAX_LOSS * (arrived + lost)) {
      return -1;
    }
    long sendSpan = lastSend - firstSend;
    long arrivalSpan = (lastArrival - firstArrival) * 1000;
    if (sendSpan < MIN_SPAN_NANOS || arrivalSpan <= 0) {
      return -1;
    }
    double intervalBits = bytes * 8.0 * (arrived - 1) / arrived;
    double sent = intervalBits * 1e9 / sendSpan;
    double delivered = intervalBits * 1e9 / arrivalSpan;
    return delivered < UNSTRETCHED * sent ? -1 : (long) Math.min(sent, delivered);
  }

  /** What the probe measured, for the log: why it showed room or none. */
  String describe() {
    return String.format(
        "%d packets arrived, %d lost, sent over %d ms, arrived over %d ms, stretched %d ms",
        arrived,
        lost,
        arrived < 2 ? 0 : (lastSend - firstSend) / 1_000_000,
        arrived < 2 ? 0 : (lastArrival - firstArrival) / 1000,
        stretchMicros() / 1000);
  }
}
