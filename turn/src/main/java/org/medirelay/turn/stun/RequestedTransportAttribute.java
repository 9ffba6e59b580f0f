package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * REQUESTED-TRANSPORT (RFC 8656 §18.7): an IP protocol number (17 for UDP) and 24 reserved bits.
 */
public record RequestedTransportAttribute(int protocol) implements StunAttribute {

  public static final int UDP = 17;

  static RequestedTransportAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 4, "REQUESTED-TRANSPORT");
    return new RequestedTransportAttribute(value.get() & 0xFF);
  }

  @Override
  public int type() {
    return AttributeType.REQUESTED_TRANSPORT;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put((byte) protocol).put((byte) 0).putShort((short) 0);
  }
}
