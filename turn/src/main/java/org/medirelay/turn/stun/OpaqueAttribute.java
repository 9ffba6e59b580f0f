package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An attribute this server carries but does not interpret (ICE's PRIORITY, an unknown
 * comprehension-optional one): its raw value, so decode followed by encode gives the same bytes.
 */
public record OpaqueAttribute(int type, byte[] value) implements StunAttribute {

  public OpaqueAttribute {
    value = value.clone();
  }

  static OpaqueAttribute decode(int type, ByteBuffer value, byte[] transactionId) {
    byte[] bytes = new byte[value.remaining()];
    value.get(bytes);
    return new OpaqueAttribute(type, bytes);
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public int valueLength() {
    return value.length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpaqueAttribute other
        && other.type == type
        && Arrays.equals(other.value, value);
  }

  @Override
  public int hashCode() {
    return 31 * type + Arrays.hashCode(value);
  }
}
