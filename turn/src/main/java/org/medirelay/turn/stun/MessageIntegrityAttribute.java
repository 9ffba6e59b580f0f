package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * MESSAGE-INTEGRITY (20-byte HMAC-SHA1) or MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256, 16 to 32 bytes in
 * steps of 4). The decoder keeps the received MAC; {@link MessageIntegrity} checks it against the
 * message bytes before the attribute.
 */
public record MessageIntegrityAttribute(IntegrityAlgorithm algorithm, byte[] mac)
    implements StunAttribute {

  public MessageIntegrityAttribute {
    mac = mac.clone();
  }

  static MessageIntegrityAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    int length = value.remaining();
    IntegrityAlgorithm algorithm;
    if (type == AttributeType.MESSAGE_INTEGRITY) {
      AttributeDecoder.requireLength(value, 20, "MESSAGE-INTEGRITY");
      algorithm = IntegrityAlgorithm.HMAC_SHA1;
    } else {
      if (length < 16 || length > 32 || length % 4 != 0) {
        throw new StunFormatException(
            "MESSAGE-INTEGRITY-SHA256 must be 16 to 32 bytes, a multiple of 4");
      }
      algorithm = IntegrityAlgorithm.HMAC_SHA256;
    }
    byte[] mac = new byte[length];
    value.get(mac);
    return new MessageIntegrityAttribute(algorithm, mac);
  }

  @Override
  public byte[] mac() {
    return mac.clone();
  }

  @Override
  public int type() {
    return algorithm.attributeType();
  }

  @Override
  public int valueLength() {
    return mac.length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(mac);
  }
}
