package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** LIFETIME (RFC 8656 §18.2): seconds until the allocation expires, unsigned 32 bits. */
public record LifetimeAttribute(long seconds) implements StunAttribute {

  public LifetimeAttribute {
    if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("LIFETIME is an unsigned 32-bit number");
    }
  }

  static LifetimeAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 4, "LIFETIME");
    return new LifetimeAttribute(value.getInt() & 0xFFFF_FFFFL);
  }

  @Override
  public int type() {
    return AttributeType.LIFETIME;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putInt((int) seconds);
  }
}
