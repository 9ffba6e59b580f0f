package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** SOFTWARE: the agent's software description, UTF-8, at most 763 bytes. */
public record SoftwareAttribute(String value) implements StunAttribute {

  static final int MAX_BYTES = 763;

  public SoftwareAttribute {
    if (Utf8Values.encode(value).length > MAX_BYTES) {
      throw new IllegalArgumentException("SOFTWARE longer than " + MAX_BYTES + " bytes");
    }
  }

  static SoftwareAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException {
    return new SoftwareAttribute(Utf8Values.decode(value, MAX_BYTES, "SOFTWARE"));
  }

  @Override
  public int type() {
    return AttributeType.SOFTWARE;
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
