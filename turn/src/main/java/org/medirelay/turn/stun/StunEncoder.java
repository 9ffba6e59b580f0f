package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * Encodes a {@link StunMessage}: header, attributes padded with zeros to 4 bytes, then optionally a
 * MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 over everything before it, then optionally
 * FINGERPRINT.
 */
public final class StunEncoder {

  private StunEncoder() {}

  /** Encodes without integrity or fingerprint. */
  public static byte[] encode(StunMessage message) {
    return encode(message, null, null, false);
  }

  /**
   * @param algorithm the integrity attribute to append, or null for none
   * @param key the long-term key when {@code algorithm} is set
   * @param fingerprint whether to append FINGERPRINT
   */
  public static byte[] encode(
      StunMessage message, IntegrityAlgorithm algorithm, byte[] key, boolean fingerprint) {
    byte[] transactionId = message.transactionId();
    int length = StunHeader.LENGTH;
    for (StunAttribute a : message.attributes()) {
      length += 4 + StunHeader.padded(a.valueLength());
    }
    int integrityOffset = length;
    if (algorithm != null) {
      length += 4 + algorithm.macLength();
    }
    int fingerprintOffset = length;
    if (fingerprint) {
      length += 8;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    out.putShort((short) message.type())
        .putShort((short) (length - StunHeader.LENGTH))
        .putInt(StunHeader.MAGIC_COOKIE)
        .put(transactionId);
    for (StunAttribute a : message.attributes()) {
      int valueLength = a.valueLength();
      out.putShort((short) a.type()).putShort((short) valueLength);
      int start = out.position();
      a.encodeValue(out, transactionId);
      if (out.position() - start != valueLength) {
        throw new IllegalStateException(a + " wrote a value of the wrong length");
      }
      out.position(start + StunHeader.padded(valueLength));
    }
    byte[] bytes = out.array();
    if (algorithm != null) {
      byte[] mac = MessageIntegrity.compute(bytes, integrityOffset, algorithm, key);
      out.putShort((short) algorithm.attributeType()).putShort((short) mac.length).put(mac);
    }
    if (fingerprint) {
      out.putShort((short) AttributeType.FINGERPRINT)
          .putShort((short) 4)
          .putInt(Fingerprint.compute(bytes, fingerprintOffset));
    }
    return bytes;
  }
}
