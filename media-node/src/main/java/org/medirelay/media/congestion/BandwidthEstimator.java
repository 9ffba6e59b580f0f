package org.medirelay.media.congestion;

/**
 * Google Congestion Control on the sending side (draft-ietf-rmcat-gcc-02, with the trendline filter
 * libwebrtc uses), fed one transport-cc feedback at a time:
 *
 * <pre>
 * acknowledged packets ─┬─ 5 ms send groups → delay variation → trendline → overuse detector ─┐
 *                       ├─ acknowledged bitrate ─────────────────────────────────────────────┤
 *                       ├─ a probe's packets → probe cluster (what the link delivered) ──────┤
 *                       │                                          AIMD rate control (delay) ┤
 *                       └─ losses ──────────────────────────────── loss bound ───────────────┤
 *                                                          estimate = min(delay, loss bound) ┘
 * </pre>
 *
 * Starts at {@link #START}, stays within {@link #FLOOR} and {@link #CEILING}. From a probe's start
 * until {@link #PROBE_AFTERMATH_NANOS} after its end, the delay-based rate stays at least what was
 * flowing before it: the queue a probe builds on a full link is its own, and the media that flowed
 * without one still fits (on a 350 kbit/s link with 3 % loss, the back-off from a probe's queue
 * took the estimate from 369 to 165 kbit/s, under the 180-line layer that had been flowing, and
 * paused it for 9 s). A link that really fell meanwhile is followed down a few seconds later, by
 * its losses. Single-threaded: its owner locks.
 */
final class BandwidthEstimator {

  /**
   * 1 Mbit/s: a 360p layer and audio, which most consults' links carry, so a receiver starts with a
   * usable picture; a weaker link shows overuse within a second, and the first decrease goes
   * straight to 0.85 of what it delivered.
   */
  static final long START = 1_000_000;

  /** Audio (Opus at about 32 kbit/s) must always fit. */
  static final long FLOOR = 30_000;

  /**
   * 10 Mbit/s: every other participant of a group consult at its top layer (about 2.5 Mbit/s each
   * at 720p). A bound on what a lying receiver can claim, too.
   */
  static final long CEILING = 10_000_000;

  /**
   * A probe stretched by this much has filled the link: it stops at once, before the queue it
   * builds (a 300 ms queue at most on the shaped links of the tests, much less on some real ones)
   * overflows and drops the media with it, and before the delay trend would show it.
   */
  static final long PROBE_STRETCH_STOP_MICROS = 40_000;

  /** How long after a probe the queue it built may still show in the feedback. */
  static final long PROBE_AFTERMATH_NANOS = 1_000_000_000L;

  private final InterGroupDelay groups = new InterGroupDelay();
  private final Trendline trendline = new Trendline();
  private final OveruseDetector detector = new OveruseDetector();
  private final AcknowledgedBitrate acknowledged = new AcknowledgedBitrate();
  private final AimdRateControl delayBased = new AimdRateControl(START, FLOOR, CEILING);
  private final LossBound lossBound = new LossBound(START, FLOOR, CEILING);
  private final ProbeCluster cluster = new ProbeCluster();
  private final LossRecovery recovery = new LossRecovery();
  private Usage usage = Usage.NORMAL;
  private boolean overusedSinceMark;
  private long estimate = START;
  private long beforeProbe = -1;
  private long beforeProbeUntil = Long.MIN_VALUE;

  /** Takes in one usable feedback (each packet counted once, however often it is reported). */
  void update(AcknowledgedPackets packets, SendHistory history, long nowNanos) {
    int lost = 0;
    int reported = 0;
    boolean overuse = false;
    for (int i = 0; i < packets.count(); i++) {
      long number = packets.number(i);
      if (!history.report(number)) {
        continue;
      }
      reported++;
      long sent = history.sendNanos(number);
      boolean arrived = packets.arrived(i);
      if (!cluster.covers(sent)) {
        recovery.add(arrived); // a probe's own losses say nothing of the link changing
      }
      long arrival = arrived ? packets.arrivalMicros(i) : -1;
      cluster.add(sent, arrival, history.size(number));
      if (!arrived) {
        lost++;
        continue;
      }
      acknowledged.add(arrival, history.size(number));
      if (groups.add(sent, arrival)) {
        double trend = trendline.add(groups.variationMs(), groups.arrivalMs());
        usage =
            detector.detect(trend, trendline.points(), groups.sendDeltaMs(), groups.arrivalMs());
        overuse |= usage == Usage.OVERUSE;
      }
    }
    overusedSinceMark |= overuse || cluster.stretchMicros() > PROBE_STRETCH_STOP_MICROS;
    if (reported == 0) {
      return;
    }
    long acked = acknowledged.bitsPerSecond();
    delayBased.update(overuse ? Usage.OVERUSE : usage, acked, nowNanos);
    lossBound.update(lost, reported, acked, delayBased.bitsPerSecond(), nowNanos);
    if (nowNanos - beforeProbeUntil < 0) {
      delayBased.atLeast(beforeProbe);
    }
    estimate = Math.min(delayBased.bitsPerSecond(), lossBound.bitsPerSecond());
  }

  long bitsPerSecond() {
    return estimate;
  }

  /** Whether a queue built up since {@link #mark}. */
  boolean overusedSinceMark() {
    return overusedSinceMark;
  }

  /**
   * A probe begins now and lasts {@code nanos} at most: watch for a queue, and measure what the
   * link delivers of what is sent meanwhile.
   */
  void mark(long nowNanos, long nanos) {
    beforeProbe = Math.min(estimate, acknowledged.bitsPerSecond());
    beforeProbeUntil = nowNanos + nanos + PROBE_AFTERMATH_NANOS;
    overusedSinceMark = false;
    cluster.start(nowNanos);
    cluster.end(nowNanos + nanos);
  }

  /** The probe stopped early at {@code nowNanos}: what is sent from now on is not part of it. */
  void probeStopped(long nowNanos) {
    cluster.end(nowNanos);
  }

  /**
   * Ends what {@link #mark} started: when no queue built up since and the link delivered the probe
   * as it was sent, the link carries that rate, and the estimate is at least that. Returns that
   * rate, or -1 when the probe showed no room (a queue built, the probe was stretched, or it
   * measured too little).
   */
  long acceptProbe() {
    long delivered = cluster.roomBitsPerSecond();
    cluster.end(Long.MIN_VALUE);
    if (overusedSinceMark || usage == Usage.OVERUSE || delivered <= 0) {
      return -1;
    }
    delayBased.delivered(delivered);
    lossBound.delivered(delivered);
    estimate = Math.min(delayBased.bitsPerSecond(), lossBound.bitsPerSecond());
    return delivered;
  }

  /** What the last probe measured, and whether a queue built meanwhile, for the log. */
  String describeProbe() {
    return cluster.describe() + (overusedSinceMark ? ", a queue built" : "");
  }

  /** Changes when steady loss stops (see {@link LossRecovery}). */
  long lossRecoveries() {
    return recovery.recoveries();
  }

  long delayBased() {
    return delayBased.bitsPerSecond();
  }

  long lossBased() {
    return lossBound.bitsPerSecond();
  }

  long acknowledged() {
    return acknowledged.bitsPerSecond();
  }

  double loss() {
    return lossBound.loss();
  }

  Usage usage() {
    return usage;
  }
}
