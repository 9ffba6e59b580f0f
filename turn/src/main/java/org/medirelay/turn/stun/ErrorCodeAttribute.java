package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * ERROR-CODE (RFC 8489 §14.8): class (hundreds) and number (remainder) in separate fields, then a
 * UTF-8 reason.
 *
 * <pre>
 * |           Reserved, should be 0         |Class|     Number    |
 * |      Reason Phrase (variable)                                ..
 * </pre>
 */
public record ErrorCodeAttribute(int code, String reason) implements StunAttribute {

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int UNKNOWN_ATTRIBUTE = 420;
  public static final int ALLOCATION_MISMATCH = 437;
  public static final int STALE_NONCE = 438;
  public static final int ADDRESS_FAMILY_NOT_SUPPORTED = 440;
  public static final int WRONG_CREDENTIALS = 441;
  public static final int UNSUPPORTED_TRANSPORT_PROTOCOL = 442;
  public static final int PEER_ADDRESS_FAMILY_MISMATCH = 443;
  public static final int ALLOCATION_QUOTA_REACHED = 486;
  public static final int SERVER_ERROR = 500;
  public static final int INSUFFICIENT_CAPACITY = 508;

  public ErrorCodeAttribute {
    if (code < 300 || code > 699) {
      throw new IllegalArgumentException("STUN error codes are 300-699");
    }
  }

  /** The code with the reason phrase RFC 8489 and RFC 8656 suggest. */
  public static ErrorCodeAttribute of(int code) {
    return new ErrorCodeAttribute(code, defaultReason(code));
  }

  static String defaultReason(int code) {
    return switch (code) {
      case BAD_REQUEST -> "Bad Request";
      case UNAUTHORIZED -> "Unauthorized";
      case FORBIDDEN -> "Forbidden";
      case UNKNOWN_ATTRIBUTE -> "Unknown Attribute";
      case ALLOCATION_MISMATCH -> "Allocation Mismatch";
      case STALE_NONCE -> "Stale Nonce";
      case ADDRESS_FAMILY_NOT_SUPPORTED -> "Address Family not Supported";
      case WRONG_CREDENTIALS -> "Wrong Credentials";
      case UNSUPPORTED_TRANSPORT_PROTOCOL -> "Unsupported Transport Protocol";
      case PEER_ADDRESS_FAMILY_MISMATCH -> "Peer Address Family Mismatch";
      case ALLOCATION_QUOTA_REACHED -> "Allocation Quota Reached";
      case INSUFFICIENT_CAPACITY -> "Insufficient Capacity";
      default -> "Server Error";
    };
  }

  static ErrorCodeAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    if (value.remaining() < 4) {
      throw new StunFormatException("ERROR-CODE too short");
    }
    value.getShort();
    int errorClass = value.get() & 0x07;
    int number = value.get() & 0xFF;
    int code = errorClass * 100 + number;
    if (errorClass < 3 || errorClass > 6 || number > 99) {
      throw new StunFormatException("ERROR-CODE out of range: " + code);
    }
    return new ErrorCodeAttribute(code, Utf8Values.decode(value, 763, "reason phrase"));
  }

  @Override
  public int type() {
    return AttributeType.ERROR_CODE;
  }

  @Override
  public int valueLength() {
    return 4 + Utf8Values.encode(reason).length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putShort((short) 0)
        .put((byte) (code / 100))
        .put((byte) (code % 100))
        .put(Utf8Values.encode(reason));
  }
}
