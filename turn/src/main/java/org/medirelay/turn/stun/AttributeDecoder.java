package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * Decodes one attribute's value; {@code value} holds exactly the value bytes (no header, no
 * padding).
 */
@FunctionalInterface
public interface AttributeDecoder {

  StunAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException;

  /**
   * The check every fixed-size attribute's decoder starts with: a value of any other length makes
   * the message malformed.
   */
  static void requireLength(ByteBuffer value, int length, String name) throws StunFormatException {
    if (value.remaining() != length) {
      throw new StunFormatException(
          name + " must be " + length + (length == 1 ? " byte" : " bytes"));
    }
  }
}
