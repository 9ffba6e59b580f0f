package org.medirelay.media.router;

import org.medirelay.media.packet.Packet;
import org.medirelay.media.pipeline.Transform;

/**
 * Writes the SSRC, sequence number and timestamp one receiver sees, so that what reaches it is one
 * continuous stream whichever layer it is fed from:
 *
 * <pre>
 *   SSRC out      = the consumer's SSRC
 *   sequence out  = sequence in  + sequence offset   (mod 2^16)
 *   timestamp out = timestamp in + timestamp offset  (mod 2^32)
 * </pre>
 *
 * Today every consumer is fed from its producer's one layer, so the SSRC is the layer's and both
 * offsets are zero: the bytes leave as they came, as the node's SDP promises ("forwarded without
 * rewriting"). Switching layers on a keyframe will set the offsets so the receiver sees no gap.
 * NACKs name the receiver's sequence numbers; {@link #toProducer} maps them back.
 */
final class RtpRewriter extends Transform {

  private final long ssrc;
  private final int sequenceOffset;
  private final long timestampOffset;

  RtpRewriter(long ssrc) {
    super("rewrite SSRC, sequence, timestamp", null);
    this.ssrc = ssrc;
    this.sequenceOffset = 0;
    this.timestampOffset = 0;
  }

  long ssrc() {
    return ssrc;
  }

  @Override
  protected boolean transform(Packet p) {
    p.putUint16(2, (p.uint16At(2) + sequenceOffset) & 0xFFFF);
    p.putUint32(4, (p.uint32At(4) + timestampOffset) & 0xFFFFFFFFL);
    p.putUint32(8, ssrc);
    return true;
  }

  /** The producer's sequence number for one the receiver saw. */
  int toProducer(int sequence) {
    return (sequence - sequenceOffset) & 0xFFFF;
  }

  /** Writes the receiver's SSRC and timeline into the sender info of an SR (RFC 3550 6.4.1). */
  void rewriteSenderReport(Packet sr) {
    sr.putUint32(4, ssrc);
    sr.putUint32(16, (sr.uint32At(16) + timestampOffset) & 0xFFFFFFFFL);
  }
}
