package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** NONCE: the server's nonce, UTF-8, at most 763 bytes. */
public record NonceAttribute(String value) implements TextAttribute {

  static final int MAX_BYTES = 763;

  public NonceAttribute {
    TextAttribute.requireWithin(value, MAX_BYTES, "NONCE");
  }

  static NonceAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    return new NonceAttribute(Utf8Values.decode(value, MAX_BYTES, "NONCE"));
  }

  @Override
  public int type() {
    return AttributeType.NONCE;
  }
}
