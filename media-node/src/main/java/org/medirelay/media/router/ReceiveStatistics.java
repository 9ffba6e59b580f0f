package org.medirelay.media.router;

import org.medirelay.media.packet.Packet;

/**
 * What the node has received of one published stream, kept as RFC 3550 appendix A.1, A.3 and A.8
 * describe, so the node can send the publisher receiver reports: loss, extended highest sequence,
 * interarrival jitter, and LSR/DLSR for the round-trip time. Updated on the packet path, read by
 * the report timer.
 */
public final class ReceiveStatistics {

  private static final int RTP_SEQ_MOD = 1 << 16;

  private final long ssrc;
  private final int clockRate;
  private boolean initialized;
  private int baseSeq;
  private int maxSeq;
  private long cycles;
  private long received;
  private long expectedPrior;
  private long receivedPrior;

  /** Interarrival jitter scaled by 16, as in RFC 3550 A.8. */
  private long jitterQ4;

  private long lastTransit;
  private boolean haveTransit;
  private long lastSrNtpMiddle;
  private long lastSrArrivalNanos;

  ReceiveStatistics(long ssrc, int clockRate) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  long ssrc() {
    return ssrc;
  }

  synchronized void onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
    if (!initialized) {
      initialized = true;
      baseSeq = seq;
      maxSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xFFFF;
      if (delta != 0 && delta < 0x8000) {
        if (seq < maxSeq) {
          cycles += RTP_SEQ_MOD;
        }
        maxSeq = seq;
      }
    }
    received++;
    long arrival = arrivalNanos * clockRate / 1_000_000_000L;
    long transit = arrival - rtpTimestamp;
    if (haveTransit) {
      long d = Math.abs(transit - lastTransit);
      jitterQ4 += d - ((jitterQ4 + 8) >> 4);
    }
    lastTransit = transit;
    haveTransit = true;
  }

  /** The publisher sent an SR: remember the middle 32 bits of its NTP time and when it arrived. */
  synchronized void onSenderReport(long ntpMiddle32, long arrivalNanos) {
    lastSrNtpMiddle = ntpMiddle32;
    lastSrArrivalNanos = arrivalNanos;
  }

  /**
   * Writes one 24-byte report block at {@code at} and starts a new reporting interval; false when
   * nothing was received yet (no block is written).
   */
  synchronized boolean writeReportBlock(Packet p, int at, long nowNanos) {
    if (!initialized) {
      return false;
    }
    long extendedMax = cycles + maxSeq;
    long expected = extendedMax - baseSeq + 1;
    long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, expected - received));
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) ((lostInterval << 8) / expectedInterval);
    long dlsr =
        lastSrArrivalNanos == 0 ? 0 : (nowNanos - lastSrArrivalNanos) * 65536L / 1_000_000_000L;
    p.putUint32(at, ssrc);
    p.putUint32(at + 4, ((long) (fraction & 0xFF) << 24) | (lost & 0xFFFFFF));
    p.putUint32(at + 8, extendedMax & 0xFFFFFFFFL);
    p.putUint32(at + 12, (jitterQ4 >> 4) & 0xFFFFFFFFL);
    p.putUint32(at + 16, lastSrNtpMiddle & 0xFFFFFFFFL);
    p.putUint32(at + 20, dlsr & 0xFFFFFFFFL);
    return true;
  }
}
