package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * PASSWORD-ALGORITHMS (RFC 8489 §14.11): the algorithms the server offers, each as a 16-bit code, a
 * 16-bit parameter length and padded parameters. Codes this server does not know are kept as raw
 * numbers so the list the client echoes can be compared with what was sent.
 */
public record PasswordAlgorithmsAttribute(List<Integer> codes) implements StunAttribute {

  public PasswordAlgorithmsAttribute {
    codes = List.copyOf(codes);
  }

  public static PasswordAlgorithmsAttribute of(List<PasswordAlgorithm> algorithms) {
    return new PasswordAlgorithmsAttribute(
        algorithms.stream().map(PasswordAlgorithm::code).toList());
  }

  static PasswordAlgorithmsAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    List<Integer> codes = new ArrayList<>();
    while (value.hasRemaining()) {
      if (value.remaining() < 4) {
        throw new StunFormatException("PASSWORD-ALGORITHMS entry truncated");
      }
      codes.add(value.getShort() & 0xFFFF);
      int paramLength = StunHeader.padded(value.getShort() & 0xFFFF);
      if (paramLength > value.remaining()) {
        throw new StunFormatException("PASSWORD-ALGORITHMS parameters overrun the attribute");
      }
      value.position(value.position() + paramLength);
    }
    return new PasswordAlgorithmsAttribute(codes);
  }

  @Override
  public int type() {
    return AttributeType.PASSWORD_ALGORITHMS;
  }

  @Override
  public int valueLength() {
    return 4 * codes.size();
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    codes.forEach(c -> out.putShort((short) (int) c).putShort((short) 0));
  }
}
