package org.medirelay.media.router;

import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.packet.Vp8Payload;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * Writes the SSRC, sequence number, timestamp and VP8 picture numbering one receiver sees, so that
 * what reaches it is one continuous stream whichever layer it is fed from:
 *
 * <pre>
 *   SSRC out      = the consumer's SSRC
 *   sequence out  = sequence in  + sequence offset   (mod 2^16)
 *   timestamp out = timestamp in + timestamp offset  (mod 2^32)
 *   PictureID out = PictureID in + picture offset    (mod 2^15, or 2^7 in the short form)
 *   TL0PICIDX out = TL0PICIDX in + TL0 offset        (mod 2^8)
 * </pre>
 *
 * At a switch to another layer ({@link #switchTo}, on that layer's keyframe) the offsets are set so
 * that the keyframe follows what was sent last: the next sequence number, the last timestamp plus
 * the time elapsed since (at 90 kHz), the next PictureID and TL0PICIDX, which libwebrtc's receiver
 * uses to find frame references. A pass-through rewriter (a producer without simulcast) keeps every
 * offset zero and rewrites nothing else, so its bytes leave as they came. NACKs name the receiver's
 * sequence numbers; {@link #toProducer} maps them back, refusing those from before the last switch.
 * The rid element is blanked: it meant something to the node only.
 *
 * <p>{@link #switchTo} and the forwarding path run on the publisher's receive thread; resends
 * ({@link #resend}) on the receiver's, which reads the offsets as one immutable set.
 */
final class RtpRewriter extends Transform {

  /** The offsets of the layer being forwarded, and the first sequence number sent from it. */
  private record Offsets(
      int sequence, long timestamp, int pictureId, int tl0, int firstSequence, boolean simulcast) {}

  private static final Offsets PASS_THROUGH = new Offsets(0, 0, 0, 0, -1, false);

  private final long ssrc;
  private final long clockRate;
  private final Stage resend;
  private volatile Offsets offsets;

  // What was sent last on the forwarding path (publisher's receive thread only).
  private boolean sent;
  private int lastSequence;
  private long lastTimestamp;
  private long lastSentNanos;
  private int lastPictureId = -1;
  private int lastTl0 = -1;

  /**
   * @param simulcast false: a pass-through for a producer of one layer
   */
  RtpRewriter(long ssrc, int clockRate, boolean simulcast, Stage out) {
    super("rewrite SSRC, sequence, timestamp, PictureID", null);
    this.ssrc = ssrc;
    this.clockRate = clockRate;
    this.offsets = simulcast ? new Offsets(0, 0, 0, 0, -1, true) : PASS_THROUGH;
    this.resend =
        Stage.chain(Transform.of("rewrite (retransmission)", null, p -> rewrite(p, offsets)), out);
  }

  long ssrc() {
    return ssrc;
  }

  /**
   * Sets the offsets so that {@code keyframe}, the first packet of a keyframe of the layer switched
   * to, continues what was sent. Its arrival time is the clock.
   */
  void switchTo(Packet keyframe) {
    int seq = Rtp.sequenceNumber(keyframe);
    long timestamp = Rtp.timestamp(keyframe);
    int pictureAt = Vp8Payload.pictureIdAt(keyframe);
    int tl0At = Vp8Payload.tl0PicIdxAt(keyframe);
    int sequenceOffset = 0;
    long timestampOffset = 0;
    if (sent) {
      long elapsed = (keyframe.receivedNanos() - lastSentNanos) * clockRate / 1_000_000_000L;
      sequenceOffset = (lastSequence + 1 - seq) & 0xFFFF;
      timestampOffset = (lastTimestamp + Math.max(1, elapsed) - timestamp) & 0xFFFFFFFFL;
    }
    int pictureOffset =
        pictureAt < 0 || lastPictureId < 0
            ? 0
            : lastPictureId + 1 - Vp8Payload.pictureId(keyframe, pictureAt);
    int tl0Offset = tl0At < 0 || lastTl0 < 0 ? 0 : lastTl0 + 1 - keyframe.byteAt(tl0At);
    offsets =
        new Offsets(
            sequenceOffset,
            timestampOffset,
            pictureOffset,
            tl0Offset,
            (seq + sequenceOffset) & 0xFFFF,
            true);
  }

  /** True for a packet of the forwarded layer from before the switch to it (reordered). */
  boolean isBeforeSwitch(Packet p) {
    Offsets o = offsets;
    return o.firstSequence >= 0 && isBefore((Rtp.sequenceNumber(p) + o.sequence) & 0xFFFF, o);
  }

  private static boolean isBefore(int outSequence, Offsets o) {
    return ((outSequence - o.firstSequence) & 0xFFFF) >= 0x8000;
  }

  @Override
  protected boolean transform(Packet p) {
    rewrite(p, offsets);
    int seq = Rtp.sequenceNumber(p);
    if (!sent || ((seq - lastSequence) & 0xFFFF) < 0x8000) {
      sent = true;
      lastSequence = seq;
      lastTimestamp = Rtp.timestamp(p);
      lastSentNanos = p.receivedNanos();
      int pictureAt = Vp8Payload.pictureIdAt(p);
      lastPictureId = pictureAt < 0 ? lastPictureId : Vp8Payload.pictureId(p, pictureAt);
      int tl0At = Vp8Payload.tl0PicIdxAt(p);
      lastTl0 = tl0At < 0 ? lastTl0 : p.byteAt(tl0At);
    }
    return true;
  }

  private boolean rewrite(Packet p, Offsets o) {
    p.putUint16(2, (p.uint16At(2) + o.sequence) & 0xFFFF);
    p.putUint32(4, (p.uint32At(4) + o.timestamp) & 0xFFFFFFFFL);
    p.putUint32(8, ssrc);
    if (o.simulcast) {
      int pictureAt = Vp8Payload.pictureIdAt(p);
      if (pictureAt >= 0) {
        Vp8Payload.putPictureId(p, pictureAt, Vp8Payload.pictureId(p, pictureAt) + o.pictureId);
      }
      int tl0At = Vp8Payload.tl0PicIdxAt(p);
      if (tl0At >= 0) {
        p.getBuffer()[p.getOffset() + tl0At] = (byte) (p.byteAt(tl0At) + o.tl0);
      }
      RtpHeaderExtensions.clear(p, RtpExtension.RTP_STREAM_ID.id);
    }
    return true;
  }

  /** Sends a resent packet from the cache of the layer being forwarded, rewritten the same way. */
  void resend(Packet p) {
    resend.accept(p);
  }

  /**
   * The producer's sequence number for one the receiver saw, or -1 for one sent before the last
   * layer switch (it came from another layer, whose packets the cache at hand does not hold).
   */
  int toProducer(int sequence) {
    Offsets o = offsets;
    if (o.firstSequence >= 0 && isBefore(sequence, o)) {
      return -1;
    }
    return (sequence - o.sequence) & 0xFFFF;
  }

  /** Writes the receiver's SSRC and timeline into the sender info of an SR (RFC 3550 6.4.1). */
  void rewriteSenderReport(Packet sr) {
    sr.putUint32(4, ssrc);
    sr.putUint32(16, (sr.uint32At(16) + offsets.timestamp) & 0xFFFFFFFFL);
  }
}
