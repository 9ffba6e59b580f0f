package org.medirelay.turn.stun;

import java.util.zip.CRC32;

/**
 * The FINGERPRINT value: CRC-32 over the message up to the attribute, with the length field
 * covering it.
 */
public final class Fingerprint {

  private Fingerprint() {}

  /** The CRC for a FINGERPRINT attribute starting at {@code attributeOffset} of {@code message}. */
  public static int compute(byte[] message, int attributeOffset) {
    byte[] header = message.clone();
    int length = attributeOffset + 8 - StunHeader.LENGTH;
    header[2] = (byte) (length >>> 8);
    header[3] = (byte) length;
    CRC32 crc = new CRC32();
    crc.update(header, 0, attributeOffset);
    return (int) crc.getValue() ^ StunHeader.FINGERPRINT_XOR;
  }
}
