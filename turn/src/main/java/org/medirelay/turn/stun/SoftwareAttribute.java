package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** SOFTWARE: the agent's software description, UTF-8, at most 763 bytes. */
public record SoftwareAttribute(String value) implements TextAttribute {

  static final int MAX_BYTES = 763;

  public SoftwareAttribute {
    TextAttribute.requireWithin(value, MAX_BYTES, "SOFTWARE");
  }

  static SoftwareAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    return new SoftwareAttribute(Utf8Values.decode(value, MAX_BYTES, "SOFTWARE"));
  }

  @Override
  public int type() {
    return AttributeType.SOFTWARE;
  }
}
