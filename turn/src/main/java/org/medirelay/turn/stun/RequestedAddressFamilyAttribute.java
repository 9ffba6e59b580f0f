package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/** REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.9): 0x01 IPv4 or 0x02 IPv6, then 24 reserved bits. */
public record RequestedAddressFamilyAttribute(int family) implements StunAttribute {

  static RequestedAddressFamilyAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 4, "REQUESTED-ADDRESS-FAMILY");
    return new RequestedAddressFamilyAttribute(value.get() & 0xFF);
  }

  @Override
  public int type() {
    return AttributeType.REQUESTED_ADDRESS_FAMILY;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put((byte) family).put((byte) 0).putShort((short) 0);
  }
}
