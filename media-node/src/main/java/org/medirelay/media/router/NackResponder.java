package org.medirelay.media.router;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/**
 * Answers one subscriber's generic NACKs (RFC 4585 section 6.2.1), for all its {@link Consumer}s,
 * from the producers' {@link PacketCache}s, the way mediasoup's consumers do: a packet is resent to
 * a subscriber at most once per round trip, and never beyond what its {@link RetransmissionBudget}
 * allows. Each lost sequence number a NACK names goes through:
 *
 * <pre>
 * FCI (PID, BLP) ─► PID, and PID + i + 1 for each bit i set in BLP
 *   └ sent since the last layer switch, and still cached? ── no → refused: uncached
 *   └ resent to this subscriber within an RTT? ─ yes → refused: repeat   (within one NACK too)
 *   └ within the byte budget? ───────────────── no  → refused: budget
 *   └ copy from the cache → the consumer's rewriting → the subscriber's send path (its own keys)
 * </pre>
 *
 * So one NACK of 297 × (PID 100, BLP 0xFFFF) resends 17 packets, and the same NACK again within the
 * RTT resends none. Every refusal is counted with its packets and bytes. NACKs arrive on the
 * subscriber's receive thread; the answer allocates nothing.
 */
public final class NackResponder {

  /**
   * Resends remembered, by sequence number: more than a cache holds, so one stream never collides.
   */
  private static final int REMEMBERED = 1024;

  private final PacketPool pool;
  private final MediaMetrics metrics;
  private final RoundTripTime rtt = new RoundTripTime();
  private final RetransmissionBudget budget = new RetransmissionBudget();

  /** (SSRC, sequence number) + 1 of the packet last resent in each slot; 0 for none. */
  private final long[] resentKey = new long[REMEMBERED];

  private final long[] resentNanos = new long[REMEMBERED];

  public NackResponder(PacketPool pool, MediaMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  /** The node forwarded {@code bytes} of media to this subscriber: that earns retransmissions. */
  void forwarded(int bytes) {
    budget.forwarded(bytes);
  }

  /** A publisher's SR went to this subscriber (for the round-trip time). */
  void senderReportSent(long ntpMiddle, long nowNanos) {
    rtt.senderReportSent(ntpMiddle, nowNanos);
  }

  /** A report block from this subscriber (for the round-trip time). */
  void reportBlock(long lsr, long dlsr, long arrivalNanos) {
    rtt.reportBlock(lsr, dlsr, arrivalNanos);
  }

  /**
   * Answers the NACK at {@code at} ({@code length} bytes) within {@code nack}, for the stream the
   * subscriber receives as {@code ssrc}, whose packets {@code cache} holds. Resent packets go
   * through {@code rewriter}, the consumer's send path from its rewriting on, which also maps the
   * sequence numbers the subscriber names back to the producer's. The NACK's arrival time is the
   * clock.
   */
  synchronized void answer(
      Packet nack, int at, int length, long ssrc, PacketCache cache, RtpRewriter rewriter) {
    long now = nack.receivedNanos();
    long rttNanos = rtt.nanos();
    for (int fci = at + 12; fci + 4 <= at + length; fci += 4) {
      int pid = nack.uint16At(fci);
      int blp = nack.uint16At(fci + 2);
      resend(cache, rewriter, ssrc, pid, now, rttNanos);
      for (int bit = 0; bit < 16; bit++) {
        if ((blp & (1 << bit)) != 0) {
          resend(cache, rewriter, ssrc, (pid + bit + 1) & 0xFFFF, now, rttNanos);
        }
      }
    }
  }

  private void resend(
      PacketCache cache, RtpRewriter rewriter, long ssrc, int seq, long now, long rttNanos) {
    int producerSeq = rewriter.toProducer(seq);
    int length = producerSeq < 0 ? 0 : cache.lengthOf(producerSeq);
    if (length == 0) {
      metrics.resendUncached.count(0);
      return;
    }
    int slot = seq & (REMEMBERED - 1);
    long key = ((ssrc << 16) | seq) + 1;
    if (resentKey[slot] == key && now - resentNanos[slot] < rttNanos) {
      metrics.resendRepeat.count(length);
      return;
    }
    if (!budget.tryTake(length)) {
      metrics.resendOverBudget.count(length);
      return;
    }
    Packet copy = cache.copyOf(producerSeq, pool);
    if (copy == null) {
      metrics.resendUncached.count(0); // overwritten meanwhile by a newer packet
      return;
    }
    resentKey[slot] = key;
    resentNanos[slot] = now;
    metrics.retransmissions.increment();
    metrics.retransmittedBytes.increment(copy.getLength());
    rewriter.resend(copy);
  }
}
