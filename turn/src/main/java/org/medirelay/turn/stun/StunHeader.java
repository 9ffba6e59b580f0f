package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * The 20-byte STUN header (RFC 8489 §5), read in place from a buffer without building objects, for
 * the paths that must not allocate.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunHeader {

  public static final int LENGTH = 20;
  public static final int MAGIC_COOKIE = 0x2112A442;
  public static final int FINGERPRINT_XOR = 0x5354554E;

  private StunHeader() {}

  /**
   * True when the bytes at {@code offset} start like a STUN message: top two bits zero and the
   * magic cookie.
   */
  public static boolean looksLikeStun(ByteBuffer buf, int offset, int length) {
    return length >= LENGTH
        && (buf.get(offset) & 0xC0) == 0
        && buf.getInt(offset + 4) == MAGIC_COOKIE;
  }

  public static int messageType(ByteBuffer buf, int offset) {
    return buf.getShort(offset) & 0x3FFF;
  }

  public static int messageLength(ByteBuffer buf, int offset) {
    return buf.getShort(offset + 2) & 0xFFFF;
  }

  public static int padded(int length) {
    return (length + 3) & ~3;
  }
}
