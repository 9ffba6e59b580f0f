package org.medirelay.media.router;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * Asks a publisher to resend the video packets its uplink lost (RFC 4585 generic NACK), as the
 * browsers ask the node: a packet lost on the way to the node is in no cache the node answers its
 * receivers from, and without a resend every receiver's picture stands until the next keyframe (on
 * a patient's uplink with 10 % loss, the doctor saw 9.4 fps, 11.6 s of 30 frozen). One per video
 * layer, on the publisher's receive thread:
 *
 * <pre>
 * packet n after highest h:  h+1 … n-1 are missing (a jump of more than {@link #MAX_GAP}: the
 *                            stream restarted, nothing is missing)
 * packet older than h:       a resend or a late one: no longer missing
 * then: every missing packet not asked for within {@link #RETRY_NANOS} is asked for, in one NACK;
 *       after {@link #MAX_TRIES} it is given up
 * </pre>
 *
 * At most {@link #CAPACITY} are tracked (the oldest give way); nothing is allocated per packet.
 */
final class NackRequester {

  static final int CAPACITY = 256;
  static final int MAX_GAP = 200;

  /** About a round trip to a browser: sooner, its resend may still be on its way. */
  static final long RETRY_NANOS = 80_000_000L;

  static final int MAX_TRIES = 5;

  /** A NACK's FCIs fit one MTU with room: 17 packets each. */
  private static final int MAX_FCI = 64;

  private final Stage rtcpOut;
  private final PacketPool pool;
  private final long nodeSsrc;
  private final MediaMetrics metrics;

  private final int[] missing = new int[CAPACITY];
  private final long[] askedAt = new long[CAPACITY];
  private final int[] tries = new int[CAPACITY];
  private int count;
  private int highest = -1;

  /**
   * @param rtcpOut the publisher's RTCP send path; takes ownership of each NACK
   */
  NackRequester(Stage rtcpOut, PacketPool pool, long nodeSsrc, MediaMetrics metrics) {
    this.rtcpOut = rtcpOut;
    this.pool = pool;
    this.nodeSsrc = nodeSsrc;
    this.metrics = metrics;
  }

  /** The stage of a layer's receive path that watches its packets. */
  Observe stage() {
    return Observe.of("NACK to the publisher", this::received);
  }

  private void received(Packet p) {
    int seq = Rtp.sequenceNumber(p);
    if (highest < 0) {
      highest = seq;
    } else {
      int ahead = (seq - highest) & 0xFFFF;
      if (ahead != 0 && ahead < 0x8000) {
        if (ahead > MAX_GAP) {
          count = 0; // a restart, or a jump no resend could fill
        } else {
          for (int s = (highest + 1) & 0xFFFF; s != seq; s = (s + 1) & 0xFFFF) {
            add(s);
          }
        }
        highest = seq;
      } else if (ahead != 0) {
        remove(seq);
      }
    }
    if (count > 0) {
      askDue(Rtp.ssrc(p), p.receivedNanos());
    }
  }

  private void add(int seq) {
    if (count == CAPACITY) {
      removeAt(0);
      metrics.nackGivenUp.increment();
    }
    missing[count] = seq;
    askedAt[count] = Long.MIN_VALUE;
    tries[count] = 0;
    count++;
  }

  private void remove(int seq) {
    for (int i = 0; i < count; i++) {
      if (missing[i] == seq) {
        removeAt(i);
        return;
      }
    }
  }

  private void removeAt(int i) {
    count--;
    System.arraycopy(missing, i + 1, missing, i, count - i);
    System.arraycopy(askedAt, i + 1, askedAt, i, count - i);
    System.arraycopy(tries, i + 1, tries, i, count - i);
  }

  /** One NACK for every missing packet due, oldest first (the list is in sequence order). */
  private void askDue(long ssrc, long now) {
    Packet nack = null;
    int fcis = 0;
    int pid = -1;
    int blp = 0;
    for (int i = 0; i < count; i++) {
      if (askedAt[i] != Long.MIN_VALUE && now - askedAt[i] < RETRY_NANOS) {
        continue;
      }
      if (tries[i] == MAX_TRIES) {
        removeAt(i--);
        metrics.nackGivenUp.increment();
        continue;
      }
      int seq = missing[i];
      int after = (seq - pid - 1) & 0xFFFF;
      if (pid >= 0 && after < 16) {
        blp |= 1 << after;
      } else {
        if (pid >= 0) {
          nack = withItem(nack, ssrc, pid, blp);
          if (++fcis == MAX_FCI) {
            pid = -1; // full: the rest wait for the next packet
            break;
          }
        }
        pid = seq;
        blp = 0;
      }
      askedAt[i] = now;
      tries[i]++;
    }
    if (pid >= 0) {
      nack = withItem(nack, ssrc, pid, blp);
    }
    if (nack != null) {
      metrics.nacksSent.increment();
      rtcpOut.accept(nack);
    }
  }

  /** {@code nack} (started now if null) with one more item. */
  private Packet withItem(Packet nack, long ssrc, int pid, int blp) {
    Packet to = nack == null ? Rtcp.startNack(pool.take(), nodeSsrc, ssrc) : nack;
    Rtcp.addNackItem(to, pid, blp);
    return to;
  }
}
