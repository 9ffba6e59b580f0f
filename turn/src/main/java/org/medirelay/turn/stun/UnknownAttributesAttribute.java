package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.List;

/** UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the 16-bit types a 420 response did not understand. */
public record UnknownAttributesAttribute(List<Integer> types) implements StunAttribute {

  public UnknownAttributesAttribute {
    types = List.copyOf(types);
  }

  static UnknownAttributesAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    if (value.remaining() % 2 != 0) {
      throw new StunFormatException("UNKNOWN-ATTRIBUTES holds 16-bit types");
    }
    Integer[] types = new Integer[value.remaining() / 2];
    for (int i = 0; i < types.length; i++) {
      types[i] = value.getShort() & 0xFFFF;
    }
    return new UnknownAttributesAttribute(List.of(types));
  }

  @Override
  public int type() {
    return AttributeType.UNKNOWN_ATTRIBUTES;
  }

  @Override
  public int valueLength() {
    return 2 * types.size();
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    types.forEach(t -> out.putShort((short) (int) t));
  }
}
