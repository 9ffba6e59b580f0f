package org.medirelay.media.congestion;

/**
 * When to probe one receiver's downlink, and how hard: toward what the receiver wants (every video
 * at the best layer its tile shows), at most doubling the estimate each time, probe after probe
 * while they succeed (the first of a series asks 1.5 times). A receiver held at 180p on a link that
 * has just opened thus reaches 720p in two or three probes of {@link #PROBE_NANOS}, not one layer
 * per probe.
 *
 * <pre>
 * target = min(wanted × 1.1, 2 × estimate)     padding = target - what the receiver gets now
 *          (1.5 × estimate for the first of a series, unless steady loss just stopped)
 * delivered unstretched, no queue      → the estimate is (at least) that rate
 *   and ≥ 80 % of target, > 1.1 × the estimate before → probe again at once
 * otherwise                             → wait 2 s, then 4 s, then 8 s before the next
 * steady loss stops (the link got better) → one probe at once, at 2 × (the waits go on from where
 *                                            they were)
 * every video was just paused             → the next probe in 2 s, then 4 s, 8 s
 * </pre>
 *
 * A probe is judged once the feedback about its last packets can be in ({@link
 * #FEEDBACK_GRACE_NANOS} after it), by the rate the link delivered it at ({@link ProbeCluster}). On
 * a link that is really full, each probe stops at the first feedback showing a queue, and the
 * doubling waits keep them rare: one every 8 s after the third.
 *
 * <p>Called by one thread at a time (its receiver's allocation).
 */
public final class ProbeController {

  /** How long a probe lasts: long enough for several feedback reports, and the link's burst. */
  static final long PROBE_NANOS = 500_000_000L;

  /** The feedback about a probe's last packets arrives this long after them, give or take. */
  static final long FEEDBACK_GRACE_NANOS = 250_000_000L;

  static final long FIRST_WAIT_NANOS = 2_000_000_000L;
  static final long MAX_WAIT_NANOS = 8_000_000_000L;

  /**
   * A probe that follows a successful one asks at most this many times the estimate; the first of a
   * series asks less, so that on a link that is really full it overflows by little.
   */
  static final double GROWTH = 2;

  static final double FIRST_GROWTH = 1.5;

  /** Above what is wanted, so the measured rate clears it despite the media's ups and downs. */
  static final double OVERSHOOT = 1.1;

  /**
   * A probe succeeded when the link delivered at least this share of its target, and at least
   * {@link #RAISE} times the estimate before it: a probe whose padding fell short, or that only
   * confirmed what was known, shows no room to climb into.
   */
  static final double SUCCESS = 0.8;

  static final double RAISE = 1.1;

  /** The least padding worth a probe. */
  static final long MIN_PADDING = 50_000;

  /**
   * The least padding of a probe that must be measured by itself (little of what the receiver gets
   * is numbered): {@link ProbeCluster#MIN_PACKETS} of the largest padding packet, 275 bytes, in
   * {@link #PROBE_NANOS}, with a margin.
   */
  static final long MIN_PADDING_ALONE = 100_000;

  private final DownlinkEstimate estimate;
  private final ProbePadding padding;
  private long wait = FIRST_WAIT_NANOS;
  private boolean waiting;
  private boolean succeeded;
  private long nextProbe;
  private boolean running;
  private long judgeAt;
  private long target;
  private long before;
  private long recoveries;

  /** Whether the last round forwarded no video; true at first, when none has come yet. */
  private boolean videoWasPaused = true;

  public ProbeController(DownlinkEstimate estimate, ProbePadding padding) {
    this.estimate = estimate;
    this.padding = padding;
  }

  /**
   * Judges the last probe if its feedback is in by {@code now}. Call it before the layers are
   * chosen, so that they follow what the probe showed.
   */
  public void judge(long now) {
    if (!running || now - judgeAt < 0) {
      return;
    }
    running = false;
    long delivered = estimate.probeEnded();
    succeeded = delivered >= SUCCESS * target && delivered > RAISE * before;
    if (succeeded) {
      wait = FIRST_WAIT_NANOS;
      waiting = false;
    } else {
      waiting = true;
      nextProbe = now + wait;
      wait = Math.min(wait * 2, MAX_WAIT_NANOS);
    }
  }

  /**
   * Starts a probe if one is due.
   *
   * @param wanted bits per second the receiver would take with every video at the best layer its
   *     tile shows, or 0 when it gets that already
   * @param sending bits per second it gets now (numbered by its feedback or not)
   * @param videoPaused every video it could get is paused: it gets audio alone
   */
  public void probeIfDue(long wanted, long sending, boolean videoPaused, long now) {
    long recovered = estimate.recoveries();
    if (recovered != recoveries) {
      recoveries = recovered;
      waiting = false; // one probe now; if it fails, the waits go on growing where they were
      // The loss that held the estimate down is gone: a link that got better usually got much
      // better (a cap lifted, a handover done), so the first probe asks as much as a second would.
      succeeded = true;
    }
    if (videoPaused && !videoWasPaused && !running) {
      // The link carried the video moments ago: a probe soon finds out whether the dip that paused
      // it is over, instead of the long wait a series of failed probes may have built up.
      waiting = true;
      nextProbe = now + FIRST_WAIT_NANOS;
      wait = 2 * FIRST_WAIT_NANOS;
    }
    videoWasPaused = videoPaused;
    if (wanted <= 0) {
      wait = FIRST_WAIT_NANOS; // nothing to climb to: a later need starts afresh
      waiting = false;
      succeeded = false;
      return;
    }
    if (running || (waiting && now - nextProbe < 0)) {
      return;
    }
    double growth = succeeded ? GROWTH : FIRST_GROWTH;
    before = estimate.bitsPerSecond();
    target = (long) Math.min(wanted * OVERSHOOT, growth * before);
    // A probe is measured from what the receiver's feedback numbers. Media the node forwards
    // without a transport-cc element is not (a Firefox publisher sends its audio without one): when
    // that is all a receiver whose videos are paused gets, the padding alone makes up the target,
    // else such a receiver could never show the room to resume them.
    long numbered = Math.min(sending, estimate.acknowledgedBitsPerSecond());
    boolean alone = videoPaused && numbered <= sending / 2;
    long measured = alone ? numbered : sending;
    long extra = Math.max(alone ? MIN_PADDING_ALONE : MIN_PADDING, target - measured);
    target = measured + extra;
    estimate.probeStarted(padding, PROBE_NANOS);
    padding.probe(extra, PROBE_NANOS);
    running = true;
    judgeAt = now + PROBE_NANOS + FEEDBACK_GRACE_NANOS;
  }
}
