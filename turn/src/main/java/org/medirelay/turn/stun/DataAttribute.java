package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * DATA (RFC 8656 §18.4): the application bytes of a Send or Data indication. The relay hot path
 * reads and writes this attribute in place ({@link SendIndicationReader}, {@link
 * DataIndicationWriter}); this class serves tests and the control path.
 */
public record DataAttribute(byte[] data) implements StunAttribute {

  public DataAttribute {
    data = data.clone();
  }

  static DataAttribute decode(int type, ByteBuffer value, byte[] transactionId) {
    byte[] data = new byte[value.remaining()];
    value.get(data);
    return new DataAttribute(data);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public int type() {
    return AttributeType.DATA;
  }

  @Override
  public int valueLength() {
    return data.length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataAttribute other && Arrays.equals(other.data, data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }
}
