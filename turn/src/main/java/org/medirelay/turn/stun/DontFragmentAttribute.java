package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** DONT-FRAGMENT (RFC 8656 §18.8): no value; asks that relayed datagrams carry the IP DF bit. */
public record DontFragmentAttribute() implements StunAttribute {

  static DontFragmentAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    if (value.hasRemaining()) {
      throw new StunFormatException("DONT-FRAGMENT has no value");
    }
    return new DontFragmentAttribute();
  }

  @Override
  public int type() {
    return AttributeType.DONT_FRAGMENT;
  }

  @Override
  public int valueLength() {
    return 0;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {}
}
