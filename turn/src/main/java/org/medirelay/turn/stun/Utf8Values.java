package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 values of the text attributes, checked strictly: malformed UTF-8 is a malformed message.
 */
final class Utf8Values {

  private Utf8Values() {}

  static String decode(ByteBuffer value, int maxBytes, String name) throws StunFormatException {
    if (value.remaining() > maxBytes) {
      throw new StunFormatException(name + " longer than " + maxBytes + " bytes");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(value)
          .toString();
    } catch (CharacterCodingException e) {
      throw new StunFormatException(name + " is not valid UTF-8");
    }
  }

  static byte[] encode(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
