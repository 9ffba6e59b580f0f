package org.medirelay.media.router;

import java.util.Arrays;
import java.util.Objects;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;

/**
 * The receiver report (RFC 3550 section 6.4.2) the node sends a publisher every second, one report
 * block per stream the node has received something of, so the publisher's browser sees loss, jitter
 * and round-trip time, and its congestion control has loss feedback. About audio, the fraction lost
 * is the worst of what the node and the stream's receivers lost: the publisher's Opus encoder turns
 * on its in-band redundancy (FEC, negotiated with {@code useinbandfec=1}) for loss it hears of, and
 * it is a receiver on a lossy link that needs it. Video reports only what the node lost: the
 * publisher's rate must not fall for every receiver because one link is weak (simulcast and the
 * node's layer choice serve that receiver).
 *
 * <pre>
 * |V=2|P|  RC = n  |   PT = 201   |      length = 1 + 6n (words - 1)      |
 * |                    SSRC of the node (sender)                         |
 * |  n report blocks of 24 bytes (ReceiveStatistics#writeReportBlock)    |
 * </pre>
 */
public final class ReceiverReport {

  private static final int HEADER = 8;

  private ReceiverReport() {}

  /**
   * An RR from {@code nodeSsrc} about every layer of {@code producers} (null ones skipped) whose
   * SSRC is known, or null when none has received anything yet.
   */
  public static Packet about(PacketPool pool, long nodeSsrc, long nowNanos, Producer... producers) {
    ReceiveStatistics[] streams =
        Arrays.stream(producers)
            .filter(Objects::nonNull)
            .flatMap(producer -> Arrays.stream(producer.statistics()))
            .toArray(ReceiveStatistics[]::new);
    Packet rr = write(pool, nodeSsrc, nowNanos, streams);
    for (Producer producer : producers) {
      if (rr != null && producer != null && producer.kind() == Producer.Kind.AUDIO) {
        raiseLoss(rr, producer.ssrc(), producer.worstReceiverLoss());
      }
    }
    return rr;
  }

  /** Raises the fraction lost in the block about {@code ssrc} to {@code fraction}. */
  private static void raiseLoss(Packet rr, long ssrc, int fraction) {
    for (int at = HEADER; at + Rtcp.REPORT_BLOCK <= rr.getLength(); at += Rtcp.REPORT_BLOCK) {
      if (rr.uint32At(at) == ssrc && rr.byteAt(at + 4) < fraction) {
        rr.getBuffer()[rr.getOffset() + at + 4] = (byte) fraction;
      }
    }
  }

  /**
   * An RR from {@code nodeSsrc} about {@code streams} (null ones skipped), or null when none has
   * received anything yet.
   */
  public static Packet write(
      PacketPool pool, long nodeSsrc, long nowNanos, ReceiveStatistics... streams) {
    Packet rr = pool.take();
    rr.setOffsetLength(Packet.HEADROOM, HEADER + streams.length * Rtcp.REPORT_BLOCK);
    int blocks = 0;
    for (ReceiveStatistics stats : streams) {
      if (stats != null
          && stats.writeReportBlock(rr, HEADER + blocks * Rtcp.REPORT_BLOCK, nowNanos)) {
        blocks++;
      }
    }
    if (blocks == 0) {
      rr.release();
      return null;
    }
    int length = HEADER + blocks * Rtcp.REPORT_BLOCK;
    rr.setLength(length);
    rr.putUint16(0, 0x8000 | (blocks << 8) | Rtcp.RR);
    rr.putUint16(2, length / 4 - 1);
    rr.putUint32(4, nodeSsrc);
    return rr;
  }
}
