package org.medirelay.media.packet;

/**
 * Reads and rewrites the VP8 payload descriptor (RFC 7741 section 4.2) of a decrypted RTP packet in
 * place, and the start of a keyframe (its payload header, RFC 7741 section 4.3, and the frame's
 * size, RFC 6386 section 9.1). Every read is bounded by the packet: a short or malformed payload
 * yields "absent" (-1, false, 0), never an exception.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      |X|R|N|S|R| PID |  required
 * X:   |I|L|T|K| RSV   |  extensions present
 * I:   |M| PictureID   |  7 bits, or with M set 15 bits over two bytes
 * L:   |   TL0PICIDX   |
 * T/K: |TID|Y| KEYIDX  |
 *      | VP8 payload header: |Size0|H| VER |P| … (P = 0: a keyframe), then on a keyframe
 *      | start code 9d 01 2a | width (14 bits, little-endian) | height (14 bits) |
 * </pre>
 */
public final class Vp8Payload {

  private Vp8Payload() {}

  /** Offset of the payload (the descriptor's first byte), or -1 when the packet carries none. */
  public static int descriptor(Packet p) {
    int start = Rtp.headerLength(p);
    int end = payloadEnd(p);
    return start < end ? start : -1;
  }

  /** Offset of the PictureID field (its first byte, whose top bit says 15 bits), or -1. */
  public static int pictureIdAt(Packet p) {
    int d = descriptor(p);
    if (d < 0 || !has(p, d, 0x80, 0x80)) {
      return -1;
    }
    int at = d + 2;
    return pictureIdEnd(p, at) < 0 ? -1 : at;
  }

  /** The PictureID at {@code at} (from {@link #pictureIdAt}), 7 or 15 bits. */
  public static int pictureId(Packet p, int at) {
    int first = p.byteAt(at);
    return (first & 0x80) != 0 ? ((first & 0x7F) << 8) | p.byteAt(at + 1) : first & 0x7F;
  }

  /** Writes {@code value} at {@code at} in the width the field has (mod 2^15 or 2^7). */
  public static void putPictureId(Packet p, int at, int value) {
    if ((p.byteAt(at) & 0x80) != 0) {
      p.putUint16(at, 0x8000 | (value & 0x7FFF));
    } else {
      p.getBuffer()[p.getOffset() + at] = (byte) (value & 0x7F);
    }
  }

  /** Offset of the TL0PICIDX byte, or -1. */
  public static int tl0PicIdxAt(Packet p) {
    int d = descriptor(p);
    if (d < 0 || !has(p, d, 0x40, 0x40)) {
      return -1;
    }
    int at = d + 2;
    if ((p.byteAt(d + 1) & 0x80) != 0) {
      at = pictureIdEnd(p, at);
    }
    return at >= 0 && at < payloadEnd(p) ? at : -1;
  }

  /** True for the first packet of a keyframe: S set, partition 0, and the header's P bit clear. */
  public static boolean isKeyframeStart(Packet p) {
    int header = payloadHeaderAt(p);
    return header >= 0 && (p.byteAt(header) & 0x01) == 0;
  }

  /** The width of the keyframe {@code p} starts (see {@link #isKeyframeStart}), or 0. */
  public static int keyframeWidth(Packet p) {
    int at = sizeAt(p);
    return at < 0 ? 0 : (p.byteAt(at) | (p.byteAt(at + 1) << 8)) & 0x3FFF;
  }

  /** The height of the keyframe {@code p} starts, or 0. */
  public static int keyframeHeight(Packet p) {
    int at = sizeAt(p);
    return at < 0 ? 0 : (p.byteAt(at + 2) | (p.byteAt(at + 3) << 8)) & 0x3FFF;
  }

  /** Offset of the width and height after a keyframe's start code, or -1. */
  private static int sizeAt(Packet p) {
    int header = payloadHeaderAt(p);
    if (header < 0 || (p.byteAt(header) & 0x01) != 0 || header + 10 > payloadEnd(p)) {
      return -1;
    }
    boolean startCode =
        p.byteAt(header + 3) == 0x9D
            && p.byteAt(header + 4) == 0x01
            && p.byteAt(header + 5) == 0x2A;
    return startCode ? header + 6 : -1;
  }

  /**
   * Offset of the VP8 payload header when this packet starts a frame (S set, partition 0), or -1.
   */
  private static int payloadHeaderAt(Packet p) {
    int d = descriptor(p);
    if (d < 0 || (p.byteAt(d) & 0x17) != 0x10) {
      return -1;
    }
    int at = d + 1;
    if ((p.byteAt(d) & 0x80) != 0) {
      if (at >= payloadEnd(p)) {
        return -1;
      }
      int x = p.byteAt(d + 1);
      at++;
      if ((x & 0x80) != 0) {
        at = pictureIdEnd(p, at);
        if (at < 0) {
          return -1;
        }
      }
      at += (x & 0x40) != 0 ? 1 : 0;
      at += (x & 0x30) != 0 ? 1 : 0;
    }
    return at < payloadEnd(p) ? at : -1;
  }

  /**
   * Where the PictureID field starting at {@code at} ends (7 bits: one byte; with its top bit set,
   * 15 bits over two), or -1 when the payload ends before it does.
   */
  private static int pictureIdEnd(Packet p, int at) {
    if (at >= payloadEnd(p)) {
      return -1;
    }
    int end = at + ((p.byteAt(at) & 0x80) != 0 ? 2 : 1);
    return end <= payloadEnd(p) ? end : -1;
  }

  /** True when the descriptor at {@code d} has its X byte and that byte's {@code mask} bits. */
  private static boolean has(Packet p, int d, int mask, int value) {
    return (p.byteAt(d) & 0x80) != 0 && d + 1 < payloadEnd(p) && (p.byteAt(d + 1) & mask) == value;
  }

  /** Where the payload ends: before the padding (RFC 3550 section 5.1, P bit). */
  private static int payloadEnd(Packet p) {
    int end = p.getLength();
    if ((p.byteAt(0) & 0x20) != 0 && end > 0) {
      end -= p.byteAt(end - 1);
    }
    return end;
  }
}
