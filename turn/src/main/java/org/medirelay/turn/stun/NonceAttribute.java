package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** NONCE: the server's nonce, UTF-8, at most 763 bytes. */
public record NonceAttribute(String value) implements StunAttribute {

  static final int MAX_BYTES = 763;

  public NonceAttribute {
    if (Utf8Values.encode(value).length > MAX_BYTES) {
      throw new IllegalArgumentException("NONCE longer than " + MAX_BYTES + " bytes");
    }
  }

  static NonceAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException {
    return new NonceAttribute(Utf8Values.decode(value, MAX_BYTES, "NONCE"));
  }

  @Override
  public int type() {
    return AttributeType.NONCE;
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
