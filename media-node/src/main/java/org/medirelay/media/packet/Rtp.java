package org.medirelay.media.packet;

/**
 * Reads and writes fields of an RTP header (RFC 3550 section 5.1) in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC x 4)    |
 * | header extension: profile (16) | length in words (16) | ...   |
 * </pre>
 */
public final class Rtp {

  public static final int FIXED_HEADER = 12;

  private Rtp() {}

  /** True when the bytes hold a whole RTP header of version 2 (fixed part, CSRCs and extension). */
  public static boolean isValid(Packet p) {
    int len = p.getLength();
    if (len < FIXED_HEADER || (p.byteAt(0) >>> 6) != 2) {
      return false;
    }
    return headerLength(p) <= len;
  }

  /** Header length including CSRCs and extension; may exceed the packet length when truncated. */
  public static int headerLength(Packet p) {
    int cc = p.byteAt(0) & 0x0F;
    int length = FIXED_HEADER + 4 * cc;
    if ((p.byteAt(0) & 0x10) != 0) {
      if (p.getLength() < length + 4) {
        return Integer.MAX_VALUE;
      }
      length += 4 + 4 * p.uint16At(length + 2);
    }
    return length;
  }

  /** The payload type (7 bits). */
  public static int payloadType(Packet p) {
    return p.byteAt(1) & 0x7F;
  }

  /** Sets the payload type, keeping the marker bit. */
  public static void setPayloadType(Packet p, int type) {
    p.getBuffer()[p.getOffset() + 1] = (byte) ((p.byteAt(1) & 0x80) | type);
  }

  public static int sequenceNumber(Packet p) {
    return p.uint16At(2);
  }

  public static long timestamp(Packet p) {
    return p.uint32At(4);
  }

  public static long ssrc(Packet p) {
    return p.uint32At(8);
  }
}
