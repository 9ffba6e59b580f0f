package org.medirelay.turn.stun;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * Computes and checks MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256: an HMAC over the message up
 * to the attribute, with the header's length field set as if the message ended right after the
 * attribute (RFC 8489 §14.5).
 */
public final class MessageIntegrity {

  private MessageIntegrity() {}

  /** The full-length MAC for an integrity attribute that starts at {@code attributeOffset}. */
  public static byte[] compute(
      byte[] message, int attributeOffset, IntegrityAlgorithm algorithm, byte[] key) {
    return compute(message, attributeOffset, algorithm, key, algorithm.macLength());
  }

  static byte[] compute(
      byte[] message,
      int attributeOffset,
      IntegrityAlgorithm algorithm,
      byte[] key,
      int macLength) {
    int length = attributeOffset + 4 + macLength - StunHeader.LENGTH;
    byte[] header = new byte[StunHeader.LENGTH];
    System.arraycopy(message, 0, header, 0, StunHeader.LENGTH);
    header[2] = (byte) (length >>> 8);
    header[3] = (byte) length;
    Mac mac = algorithm.keyedMac(key);
    mac.update(header);
    mac.update(message, StunHeader.LENGTH, attributeOffset - StunHeader.LENGTH);
    return mac.doFinal();
  }

  /**
   * True when the message's integrity attribute of this algorithm matches {@code key}; compared in
   * constant time. A truncated SHA-256 MAC is compared over its received length.
   */
  public static boolean verify(StunMessage message, IntegrityAlgorithm algorithm, byte[] key) {
    int offset = message.integrityOffset(algorithm);
    if (offset < 0) {
      return false;
    }
    byte[] received = null;
    for (StunAttribute a : message.attributes()) {
      if (a instanceof MessageIntegrityAttribute m && m.algorithm() == algorithm) {
        received = m.mac();
        break;
      }
    }
    if (received == null) {
      return false;
    }
    byte[] expected = compute(message.raw(), offset, algorithm, key, received.length);
    return MessageDigest.isEqual(Arrays.copyOf(expected, received.length), received);
  }
}
