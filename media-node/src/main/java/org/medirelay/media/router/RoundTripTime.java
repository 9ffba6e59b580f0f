package org.medirelay.media.router;

/**
 * The round-trip time between the node and one subscriber, measured as RFC 3550 section 6.4.1
 * describes, with the publishers' sender reports the node forwards:
 *
 * <pre>
 *  node ── SR (NTP middle 32 bits = N) ─────────► subscriber     node notes: N sent at t0
 *  node ◄─ RR block (LSR = N, DLSR = d / 65536 s) ─ subscriber   arrives at t1
 *  RTT = t1 − t0 − d
 * </pre>
 *
 * Until a report answers, or when none ever does, it is {@link #DEFAULT_NANOS}. A subscriber writes
 * DLSR itself, so a sample is clamped: a liar can stretch its own RTT to {@link #MAX_NANOS} (which
 * only slows its own retransmissions) but never shrink it below {@link #MIN_NANOS}. Times are the
 * packets' arrival times, so tests drive the clock. Forwarded SRs are noted on publishers' receive
 * threads and reports read on the subscriber's: both are short and synchronized.
 */
final class RoundTripTime {

  static final long DEFAULT_NANOS = 100_000_000L;
  static final long MIN_NANOS = 10_000_000L;
  static final long MAX_NANOS = 1_000_000_000L;

  /** The last few SRs sent (one per publisher stream a second), by their NTP middle bits. */
  private static final int REMEMBERED = 8;

  private final long[] ntpMiddle = new long[REMEMBERED];
  private final long[] sentNanos = new long[REMEMBERED];
  private int next;
  private int stored;
  private long rttNanos = DEFAULT_NANOS;

  /** An SR whose NTP timestamp's middle 32 bits are {@code ntpMiddle} went to the subscriber. */
  synchronized void senderReportSent(long ntpMiddle, long nowNanos) {
    this.ntpMiddle[next] = ntpMiddle;
    this.sentNanos[next] = nowNanos;
    next = (next + 1) % REMEMBERED;
    stored = Math.min(REMEMBERED, stored + 1);
  }

  /** A report block from the subscriber: LSR and DLSR as on the wire (RFC 3550 section 6.4.1). */
  synchronized void reportBlock(long lsr, long dlsr, long arrivalNanos) {
    if (lsr == 0) {
      return; // no SR received yet
    }
    for (int i = 0; i < stored; i++) {
      if (ntpMiddle[i] == lsr) {
        long sample = arrivalNanos - sentNanos[i] - dlsr * 1_000_000_000L / 65536;
        rttNanos = Math.max(MIN_NANOS, Math.min(MAX_NANOS, sample));
        return;
      }
    }
  }

  synchronized long nanos() {
    return rttNanos;
  }
}
