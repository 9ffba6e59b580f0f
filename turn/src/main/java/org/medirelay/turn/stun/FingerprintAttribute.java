package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message before it, XORed with 0x5354554E; always the
 * last attribute.
 */
public record FingerprintAttribute(int crc) implements StunAttribute {

  static FingerprintAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 4, "FINGERPRINT");
    return new FingerprintAttribute(value.getInt());
  }

  @Override
  public int type() {
    return AttributeType.FINGERPRINT;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putInt(crc);
  }
}
