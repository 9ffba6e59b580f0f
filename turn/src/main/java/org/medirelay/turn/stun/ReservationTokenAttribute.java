package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * RESERVATION-TOKEN (RFC 8656 §18.10): 8 opaque bytes naming a relay port the server holds for a
 * later Allocate.
 */
public record ReservationTokenAttribute(long token) implements StunAttribute {

  static ReservationTokenAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 8, "RESERVATION-TOKEN");
    return new ReservationTokenAttribute(value.getLong());
  }

  @Override
  public int type() {
    return AttributeType.RESERVATION_TOKEN;
  }

  @Override
  public int valueLength() {
    return 8;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putLong(token);
  }
}
