package org.medirelay.media.congestion;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * Padding the node sends one receiver to learn whether its link carries more than it gets now,
 * before a video climbs to a higher layer. A bandwidth estimate only grows with what the receiver
 * acknowledges, so a receiver held on a low layer would never be shown to have room for a higher
 * one; a probe sends the difference as padding for a short while, and the transport-cc feedback on
 * it lets the estimate grow (or shows the link is full, at the cost of padding, not of a frozen
 * picture).
 *
 * <p>Padding-only RTP packets (RFC 3550 section 5.1, P bit: the last byte counts the padding) on a
 * stream of their own, which the node announces to the receiver without a track (so its page shows
 * nothing) and no other stream's sequence numbers are touched. Each carries an empty transport-cc
 * element for the send path to number. The packets are sent from the receiver's send path as media
 * passes (its {@link #pacer} stage), paced by the injected clock, at most {@link #MAX_BURST} at a
 * time; they go through that path too (numbering, encryption), which the pacer lets by.
 */
public final class ProbePadding {

  /** The most padding one packet carries (the count is one byte). */
  static final int MAX_PADDING = 255;

  /**
   * At most this many padding packets are sent per call of {@link #sendDue}: enough for 2 Mbit/s of
   * padding beside a low layer and audio (60 packets a second), a burst of 4.4 kB.
   */
  static final int MAX_BURST = 16;

  private static final int PAYLOAD_TYPE = 96;
  private static final int HEADER = 12;

  /** One-byte extension block: 0xBEDE, one word: the transport-cc element (ID, 2 bytes) + pad. */
  private static final int EXTENSION = 8;

  private final long ssrc;
  private final int transportCcId;
  private final PacketPool pool;
  private final NanoClock clock;
  private final Supplier<Stage> rtpOut;
  private final AtomicBoolean sending = new AtomicBoolean();

  /**
   * Read on every packet the receiver is sent: without a probe, passing costs one volatile read.
   */
  private volatile boolean running;

  private int sequence;
  private long timestamp;
  private long bitsPerSecond;
  private long startNanos;
  private long endNanos;
  private long sentBytes;

  /**
   * @param ssrc the probe stream's SSRC, as announced to the receiver
   * @param transportCcId the transport-cc element's ID in the receiver's session
   * @param rtpOut the receiver's RTP send path (pacer, numbering, encryption, socket), read when
   *     padding is sent
   */
  public ProbePadding(
      long ssrc, int transportCcId, PacketPool pool, NanoClock clock, Supplier<Stage> rtpOut) {
    this.ssrc = ssrc;
    this.transportCcId = transportCcId;
    this.pool = pool;
    this.clock = clock;
    this.rtpOut = rtpOut;
  }

  /** The probe stream's SSRC, which the receiver's offers announce. */
  public long ssrc() {
    return ssrc;
  }

  /**
   * The first stage of the receiver's RTP send path: each packet that passes sends the padding that
   * is due.
   */
  public Observe pacer() {
    return Observe.of("probe padding", p -> sendDue());
  }

  /** Sends padding at {@code bitsPerSecond} for {@code nanos} from now, replacing any probe. */
  public synchronized void probe(long bitsPerSecond, long nanos) {
    this.bitsPerSecond = Math.max(0, bitsPerSecond);
    running = this.bitsPerSecond > 0;
    startNanos = clock.nanos();
    endNanos = startNanos + nanos;
    sentBytes = 0;
  }

  /** Ends the running probe now: the link showed it cannot carry it. */
  public synchronized void stop() {
    bitsPerSecond = 0;
    running = false;
  }

  /** Whether a probe is running. */
  public synchronized boolean probing() {
    return bitsPerSecond > 0 && clock.nanos() < endNanos;
  }

  /** Sends what the running probe owes by now (none when no probe runs). */
  public void sendDue() {
    // The padding passes the pacer too, and two threads may send to one receiver: one at a time.
    if (!running || !sending.compareAndSet(false, true)) {
      return;
    }
    try {
      for (int i = 0; i < MAX_BURST; i++) {
        Packet padding = nextDue();
        if (padding == null) {
          return;
        }
        rtpOut.get().accept(padding);
      }
    } finally {
      sending.set(false);
    }
  }

  /** The next padding packet due now, counted as sent, or null. */
  private synchronized Packet nextDue() {
    long now = clock.nanos();
    if (bitsPerSecond == 0 || now >= endNanos) {
      bitsPerSecond = 0;
      running = false;
      return null;
    }
    long owed = (now - startNanos) * bitsPerSecond / 8_000_000_000L - sentBytes;
    if (owed <= 0) {
      return null;
    }
    int size = HEADER + EXTENSION + MAX_PADDING;
    sentBytes += size;
    sequence = (sequence + 1) & 0xFFFF;
    // The timestamp only needs to move on: nothing is played from this stream.
    timestamp = (timestamp + 90) & 0xFFFFFFFFL;
    return padding(size);
  }

  private Packet padding(int size) {
    Packet p = pool.take();
    p.setLength(size);
    p.putUint16(0, 0xB000 | PAYLOAD_TYPE); // V=2, P=1, X=1, CC=0; M=0, PT
    p.putUint16(2, sequence);
    p.putUint32(4, timestamp);
    p.putUint32(8, ssrc);
    p.putUint16(HEADER, 0xBEDE);
    p.putUint16(HEADER + 2, 1);
    p.putUint32(HEADER + 4, ((long) transportCcId << 28) | (1L << 24)); // ID, L=1 (2 bytes), 0, pad
    for (int at = HEADER + EXTENSION; at < size - 1; at++) {
      p.getBuffer()[p.getOffset() + at] = 0;
    }
    p.getBuffer()[p.getOffset() + size - 1] = (byte) (size - HEADER - EXTENSION);
    return p;
  }
}
