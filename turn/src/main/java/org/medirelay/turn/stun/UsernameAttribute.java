package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** USERNAME: the user name, UTF-8, at most 508 bytes. */
public record UsernameAttribute(String value) implements StunAttribute {

  static final int MAX_BYTES = 508;

  public UsernameAttribute {
    if (Utf8Values.encode(value).length > MAX_BYTES) {
      throw new IllegalArgumentException("USERNAME longer than " + MAX_BYTES + " bytes");
    }
  }

  static UsernameAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException {
    return new UsernameAttribute(Utf8Values.decode(value, MAX_BYTES, "USERNAME"));
  }

  @Override
  public int type() {
    return AttributeType.USERNAME;
  }

  @Override
  public int valueLength() {
    return Utf8Values.encode(value).length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(Utf8Values.encode(value));
  }
}
