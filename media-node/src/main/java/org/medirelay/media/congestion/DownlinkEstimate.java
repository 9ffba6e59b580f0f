package org.medirelay.media.congestion;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.TransportCcReader;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Transform;

/**
 * How many bits per second one participant's downlink carries, estimated from its transport-cc
 * feedback about what the node sent it. One per transport: its {@link #numbering()} stage numbers
 * every packet the transport sends, and the participant's RTCP terminator hands it every
 * transport-cc feedback.
 *
 * <p>Feedback that lies is refused whole and counted ({@code
 * medirelay_media_rtcp_transport_cc_received} by outcome): malformed bytes, sequence numbers never
 * sent or long forgotten, arrival times no queue explains, and more than {@link #MAX_PER_SECOND} a
 * second. Nothing it says can grow memory: every array is made here, once.
 *
 * <p>Read {@link #bitsPerSecond()} and {@link #measured()} from any thread. The estimate is logged
 * at level FINE once a second while feedback arrives.
 */
public final class DownlinkEstimate {

  private static final Logger LOG = Logger.getLogger(DownlinkEstimate.class.getName());

  /** Feedbacks taken in a second, with a burst of as many: browsers send one every 50 to 250 ms. */
  static final int MAX_PER_SECOND = 50;

  private static final long SECOND = 1_000_000_000L;

  private final String name;
  private final NanoClock clock;
  private final MediaMetrics metrics;
  private final SendHistory history = new SendHistory();
  private final AcknowledgedPackets packets = new AcknowledgedPackets(history);
  private final BandwidthEstimator estimator = new BandwidthEstimator();
  private final Transform numbering;
  private double allowance = MAX_PER_SECOND;
  private long lastFeedback = Long.MIN_VALUE;
  private long lastLog = Long.MIN_VALUE;
  private volatile long bitsPerSecond = BandwidthEstimator.START;
  private volatile boolean measured;
  private ProbePadding probe;

  /**
   * @param name the participant's id, for the log
   */
  public DownlinkEstimate(String name, NanoClock clock, MediaMetrics metrics) {
    this.name = name;
    this.clock = clock;
    this.metrics = metrics;
    this.numbering = new TransportWideNumbering(history, clock);
  }

  /** The first stage of the transport's RTP send path, before encryption. */
  public Transform numbering() {
    return numbering;
  }

  /** The estimate, in bits per second; its starting value until {@link #measured()}. */
  public long bitsPerSecond() {
    return bitsPerSecond;
  }

  /**
   * Whether the receiver has sent usable transport-cc feedback: until it has, nothing is known of
   * its link, and what it receives should not be adapted.
   */
  public boolean measured() {
    return measured;
  }

  /**
   * A probe starts, to last {@code nanos} at most: the estimate watches whether the extra traffic
   * builds a queue, and stops the probe the moment one does; it measures what the link delivers of
   * everything sent meanwhile.
   */
  public synchronized void probeStarted(ProbePadding probe, long nanos) {
    estimator.mark(clock.nanos(), nanos);
    this.probe = probe;
  }

  /**
   * The probe has ended and the feedback about it is in: if the link carried it without a queue,
   * the estimate rises at once to the rate the link delivered it at, instead of climbing to it a
   * few percent a second.
   *
   * @return that rate in bits per second, or -1 when the probe showed no room
   */
  public synchronized long probeEnded() {
    probe = null;
    long delivered = estimator.acceptProbe();
    bitsPerSecond = estimator.bitsPerSecond();
    if (LOG.isLoggable(Level.FINE)) {
      String outcome =
          delivered < 0 ? "showed no room" : "delivered " + delivered / 1000 + " kbit/s";
      LOG.fine(
          String.format(
              "%s: probe %s (%s), downlink estimate %d kbit/s",
              name, outcome, estimator.describeProbe(), bitsPerSecond / 1000));
    }
    return delivered;
  }

  /** What the receiver's feedback acknowledged arriving lately, in bits per second. */
  public synchronized long acknowledgedBitsPerSecond() {
    return estimator.acknowledged();
  }

  /** Whose downlink this is, for log lines. */
  public String name() {
    return name;
  }

  /**
   * A count that changes when the receiver's link shows it got better by itself (steady loss
   * stopped): a probe now may find room a while ago there was none.
   */
  public synchronized long recoveries() {
    return estimator.lossRecoveries();
  }

  /** Takes in the transport-cc feedback at {@code at} ({@code length} bytes) in {@code p}. */
  public synchronized void feedback(Packet p, int at, int length) {
    long now = clock.nanos();
    if (!withinRate(now)) {
      metrics.transportCcFeedbackFlood.increment();
      return;
    }
    packets.clear();
    if (!TransportCcReader.read(p, at, length, packets)) {
      metrics.transportCcFeedbackMalformed.increment();
      return;
    }
    switch (packets.check()) {
      case OUT_OF_RANGE -> metrics.transportCcFeedbackOutOfRange.increment();
      case IMPLAUSIBLE -> metrics.transportCcFeedbackImplausible.increment();
      case USABLE -> {
        metrics.transportCcFeedbackAccepted.increment();
        estimator.update(packets, history, now);
        bitsPerSecond = estimator.bitsPerSecond();
        if (probe != null && estimator.overusedSinceMark()) {
          probe.stop(); // the probe filled the link: stop before the queue costs the media
          estimator.probeStopped(now);
        }
        measured = true;
        log(now);
      }
    }
  }

  /** A token bucket of {@link #MAX_PER_SECOND}: true when this feedback is within it. */
  private boolean withinRate(long now) {
    if (lastFeedback != Long.MIN_VALUE) {
      allowance += (double) (now - lastFeedback) * MAX_PER_SECOND / SECOND;
      allowance = Math.min(allowance, MAX_PER_SECOND);
    }
    lastFeedback = now;
    if (allowance < 1) {
      return false;
    }
    allowance--;
    return true;
  }

  private void log(long now) {
    if (!LOG.isLoggable(Level.FINE) || (lastLog != Long.MIN_VALUE && now - lastLog < SECOND)) {
      return;
    }
    lastLog = now;
    LOG.fine(
        String.format(
            "%s: downlink estimate %d kbit/s (delay-based %d, loss-based %d, acknowledged %d"
                + " kbit/s, loss %.1f %%, %s)",
            name,
            estimator.bitsPerSecond() / 1000,
            estimator.delayBased() / 1000,
            estimator.lossBased() / 1000,
            estimator.acknowledged() / 1000,
            estimator.loss() * 100,
            estimator.usage()));
  }
}
