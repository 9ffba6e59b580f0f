package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * The STUN attributes whose value is UTF-8 text with a byte limit (USERNAME, REALM, NONCE,
 * SOFTWARE): each record names its type and limit, and this is how all of them check, measure and
 * write their text.
 */
interface TextAttribute extends StunAttribute {

  String value();

  /**
   * For the records' constructors: a value the wire could not carry is a programming error, not a
   * peer's.
   */
  static void requireWithin(String value, int maxBytes, String name) {
    if (Utf8Values.encode(value).length > maxBytes) {
      throw new IllegalArgumentException(name + " longer than " + maxBytes + " bytes");
    }
  }

  @Override
  default int valueLength() {
    return Utf8Values.encode(value()).length;
  }

  @Override
  default void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(Utf8Values.encode(value()));
  }
}
