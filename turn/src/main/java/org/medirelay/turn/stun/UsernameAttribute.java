package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** USERNAME: the user name, UTF-8, at most 508 bytes. */
public record UsernameAttribute(String value) implements TextAttribute {

  static final int MAX_BYTES = 508;

  public UsernameAttribute {
    TextAttribute.requireWithin(value, MAX_BYTES, "USERNAME");
  }

  static UsernameAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    return new UsernameAttribute(Utf8Values.decode(value, MAX_BYTES, "USERNAME"));
  }

  @Override
  public int type() {
    return AttributeType.USERNAME;
  }
}
