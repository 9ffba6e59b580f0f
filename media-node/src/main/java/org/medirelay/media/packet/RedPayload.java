package org.medirelay.media.packet;

/**
 * Audio redundancy (RFC 2198, "RED"): an RTP payload that carries, before the packet's own audio
 * (the primary block), copies of earlier packets' audio (redundant blocks), so a receiver that lost
 * a packet rebuilds it from the next one. Chromium sends Opus this way when RED is negotiated
 * before Opus: one or two earlier frames ahead of the current one.
 *
 * <pre>
 * a redundant block's header (4 bytes), one per redundant block:
 * |1|  block PT   |    timestamp offset (14)    | block length (10) |
 * the primary block's header (1 byte), always last:
 * |0|  block PT   |
 * then the redundant blocks' data, in header order, then the primary block's data to the end of
 * the payload (before RTP padding)
 * </pre>
 *
 * {@link #unwrapPrimary} turns a RED packet into a plain packet of its primary block, in place, for
 * a receiver that did not accept RED: the primary's timestamp is the packet's own, so only the
 * payload type and payload change.
 */
public final class RedPayload {

  /** Returned for a payload that is not well-formed RED; the packet is left as it was. */
  public static final int MALFORMED = -1;

  /**
   * Returned for a packet of padding alone (RFC 3550 section 5.1), which libwebrtc sends on the
   * audio stream under RED's payload type to probe its link: no block to unwrap, so the packet is
   * left as it was.
   */
  public static final int PADDING_ONLY = -2;

  /**
   * More blocks than a sender has reason to put in one packet (libwebrtc sends at most three): a
   * longer chain of headers is refused, so a packet cannot make the reader walk its whole length.
   */
  public static final int MAX_BLOCKS = 8;

  private static final int REDUNDANT_HEADER = 4;

  private RedPayload() {}

  /**
   * Makes {@code p}, a whole RTP packet whose payload is RED, a packet of its primary block: the
   * payload type becomes the block's, the headers and redundant data go, and so does RTP padding
   * (the P bit is cleared). The RTP header moves forward over what goes, so nothing is allocated
   * and the header's bytes are unchanged but for the payload type. Returns the primary block's
   * payload type, or {@link #MALFORMED} (leaving {@code p} unchanged) when the RTP header, the
   * padding or a block header lies past the payload's end, the redundant blocks' lengths add up to
   * more than the payload holds, the payload is empty, or there are more than {@link #MAX_BLOCKS}
   * blocks; {@link #PADDING_ONLY} (leaving {@code p} unchanged too) for a packet of padding alone.
   */
  public static int unwrapPrimary(Packet p) {
    if (!Rtp.isValid(p)) {
      return MALFORMED;
    }
    int header = Rtp.headerLength(p);
    int end = payloadEnd(p, header);
    if (end < 0) {
      return MALFORMED;
    }
    if (end == header && end < p.getLength()) {
      return PADDING_ONLY;
    }
    int at = header;
    int redundantBytes = 0;
    for (int blocks = 1; ; blocks++) {
      if (at >= end || blocks > MAX_BLOCKS) {
        return MALFORMED;
      }
      int first = p.byteAt(at);
      if ((first & 0x80) == 0) {
        at++;
        break;
      }
      if (at + REDUNDANT_HEADER > end) {
        return MALFORMED;
      }
      redundantBytes += p.uint16At(at + 2) & 0x3FF;
      at += REDUNDANT_HEADER;
    }
    int primary = at + redundantBytes;
    if (primary > end) {
      return MALFORMED;
    }
    // The primary block's PT is in the last block header, just before the redundant data.
    int type = p.byteAt(at - 1) & 0x7F;
    byte[] buffer = p.getBuffer();
    int offset = p.getOffset();
    buffer[offset] = (byte) (buffer[offset] & ~0x20); // no padding any more
    Rtp.setPayloadType(p, type);
    int removed = primary - header;
    System.arraycopy(buffer, offset, buffer, offset + removed, header);
    p.setOffsetLength(offset + removed, header + end - primary);
    return type;
  }

  /**
   * Where the payload ends: before RTP padding; -1 when the padding count is 0 or reaches into the
   * header.
   */
  private static int payloadEnd(Packet p, int header) {
    int length = p.getLength();
    if ((p.byteAt(0) & 0x20) == 0) {
      return length;
    }
    int padding = p.byteAt(length - 1);
    // RFC 3550 section 5.1: the count includes itself, so it is at least 1.
    return padding == 0 || padding > length - header ? -1 : length - padding;
  }
}
