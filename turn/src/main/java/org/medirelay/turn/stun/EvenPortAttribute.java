package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * EVEN-PORT (RFC 8656 §18.6): one byte whose top bit R asks the server to reserve the next-higher
 * port too, for the RTCP half of an RTP/RTCP pair.
 */
public record EvenPortAttribute(boolean reserveNext) implements StunAttribute {

  static EvenPortAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 1, "EVEN-PORT");
    return new EvenPortAttribute((value.get() & 0x80) != 0);
  }

  @Override
  public int type() {
    return AttributeType.EVEN_PORT;
  }

  @Override
  public int valueLength() {
    return 1;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put((byte) (reserveNext ? 0x80 : 0));
  }
}
