package org.medirelay.media.packet;

/**
 * Walks and builds RTCP packets (RFC 3550 section 6, RFC 4585 feedback, RFC 5104 FIR).
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|  count  |      PT       |       length (words - 1)      |
 * |                   SSRC of packet sender                       |
 * |                   SSRC of media source (feedback only)        |
 * </pre>
 */
public final class Rtcp {

  public static final int SR = 200;
  public static final int RR = 201;
  public static final int RTPFB = 205;
  public static final int PSFB = 206;

  /** RTPFB format 1: generic NACK. */
  public static final int FMT_NACK = 1;

  /** PSFB format 1: picture loss indication. */
  public static final int FMT_PLI = 1;

  /** PSFB format 4: full intra request. */
  public static final int FMT_FIR = 4;

  /**
   * One report block of an SR or RR (RFC 3550 section 6.4.1): SSRC, loss, highest sequence number,
   * jitter, LSR, DLSR.
   */
  public static final int REPORT_BLOCK = 24;

  private Rtcp() {}

  /**
   * Length in bytes of the RTCP packet starting at {@code at} within a compound packet, or -1 when
   * it is not a whole, well-formed RTCP packet.
   */
  public static int packetLength(Packet p, int at) {
    if (at + 4 > p.getLength() || (p.byteAt(at) >>> 6) != 2) {
      return -1;
    }
    int length = (p.uint16At(at + 2) + 1) * 4;
    return at + length <= p.getLength() ? length : -1;
  }

  /**
   * True when the first RTCP header is version 2 and its length fits (what SRTCP needs before
   * decrypting).
   */
  public static boolean isHeaderValid(Packet p) {
    return packetLength(p, 0) >= 8;
  }

  /** True when the whole compound packet consists of well-formed RTCP packets. */
  public static boolean isValidCompound(Packet p) {
    int at = 0;
    while (at < p.getLength()) {
      int length = packetLength(p, at);
      if (length < 8) {
        return false;
      }
      at += length;
    }
    return at == p.getLength() && at > 0;
  }

  public static int count(Packet p, int at) {
    return p.byteAt(at) & 0x1F;
  }

  public static int type(Packet p, int at) {
    return p.byteAt(at + 1);
  }

  public static long senderSsrc(Packet p, int at) {
    return p.uint32At(at + 4);
  }

  public static long mediaSsrc(Packet p, int at) {
    return p.uint32At(at + 8);
  }

  /** Writes a PLI for {@code mediaSsrc} into an empty packet. */
  public static void writePli(Packet p, long senderSsrc, long mediaSsrc) {
    writeFeedback(p, PSFB, FMT_PLI, senderSsrc, mediaSsrc);
  }

  /**
   * Starts a generic NACK (RFC 4585 section 6.2.1) about {@code mediaSsrc} in an empty packet;
   * {@link #addNackItem} adds what it asks for.
   */
  public static Packet startNack(Packet p, long senderSsrc, long mediaSsrc) {
    writeFeedback(p, RTPFB, FMT_NACK, senderSsrc, mediaSsrc);
    return p;
  }

  /**
   * Adds one item to a NACK: packet {@code pid}, and those of the 16 after it set in {@code blp}.
   */
  public static void addNackItem(Packet p, int pid, int blp) {
    int at = p.getLength();
    p.setLength(at + 4);
    p.putUint16(at, pid);
    p.putUint16(at + 2, blp);
    p.putUint16(2, (at + 4) / 4 - 1);
  }

  /** The 12 bytes every feedback message starts with (RFC 4585 section 6.1), with nothing after. */
  private static void writeFeedback(
      Packet p, int type, int format, long senderSsrc, long mediaSsrc) {
    p.setOffsetLength(Packet.HEADROOM, 12);
    p.putUint16(0, 0x8000 | (format << 8) | type);
    p.putUint16(2, 2);
    p.putUint32(4, senderSsrc);
    p.putUint32(8, mediaSsrc);
  }
}
