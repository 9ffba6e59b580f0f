package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * PASSWORD-ALGORITHM (RFC 8489 §14.12): the one algorithm the client chose, as a code and (empty)
 * parameters.
 */
public record PasswordAlgorithmAttribute(int code) implements StunAttribute {

  static PasswordAlgorithmAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    if (value.remaining() < 4) {
      throw new StunFormatException("PASSWORD-ALGORITHM too short");
    }
    int code = value.getShort() & 0xFFFF;
    int paramLength = value.getShort() & 0xFFFF;
    if (paramLength != value.remaining()) {
      throw new StunFormatException("PASSWORD-ALGORITHM parameter length does not match");
    }
    return new PasswordAlgorithmAttribute(code);
  }

  @Override
  public int type() {
    return AttributeType.PASSWORD_ALGORITHM;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putShort((short) code).putShort((short) 0);
  }
}
