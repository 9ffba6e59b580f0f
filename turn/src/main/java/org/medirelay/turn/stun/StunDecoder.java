package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the bytes of one STUN message (RFC 8489 §5, §14) into a {@link StunMessage}, or says why
 * they are not one. Checks: header bits and magic cookie, a length that is a multiple of 4 and
 * matches the bytes, attributes that fit, and the rules for what may follow MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT. A FINGERPRINT that does not match makes the message
 * invalid, so a caller drops it.
 */
public final class StunDecoder {

  private StunDecoder() {}

  public static StunMessage decode(byte[] bytes) throws StunFormatException {
    return decode(ByteBuffer.wrap(bytes), 0, bytes.length);
  }

  /**
   * Decodes the {@code length} bytes at {@code offset}; the buffer's position and limit are not
   * touched.
   */
  public static StunMessage decode(ByteBuffer buf, int offset, int length)
      throws StunFormatException {
    if (!StunHeader.looksLikeStun(buf, offset, length)) {
      throw new StunFormatException("not a STUN message");
    }
    int messageLength = StunHeader.messageLength(buf, offset);
    if (messageLength % 4 != 0) {
      throw new StunFormatException("message length is not a multiple of 4");
    }
    if (StunHeader.LENGTH + messageLength != length) {
      throw new StunFormatException(
          "message length " + messageLength + " does not match " + length + " bytes");
    }
    byte[] raw = new byte[length];
    buf.get(offset, raw);
    ByteBuffer in = ByteBuffer.wrap(raw);
    int type = StunHeader.messageType(in, 0);
    byte[] transactionId = new byte[12];
    in.get(8, transactionId);

    List<StunAttribute> attributes = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    int sha1Offset = -1;
    int sha256Offset = -1;
    boolean fingerprinted = false;
    int at = StunHeader.LENGTH;
    while (at < length) {
      if (fingerprinted) {
        throw new StunFormatException("attribute after FINGERPRINT");
      }
      if (length - at < 4) {
        throw new StunFormatException("truncated attribute header");
      }
      int attrType = in.getShort(at) & 0xFFFF;
      int valueLength = in.getShort(at + 2) & 0xFFFF;
      int valueStart = at + 4;
      if (valueStart + StunHeader.padded(valueLength) > length) {
        throw new StunFormatException(
            "attribute 0x" + Integer.toHexString(attrType) + " overruns the message");
      }
      ByteBuffer value = in.slice(valueStart, valueLength);
      boolean afterIntegrity = sha1Offset >= 0 || sha256Offset >= 0;
      if (attrType == AttributeType.FINGERPRINT) {
        FingerprintAttribute fp = FingerprintAttribute.decode(attrType, value, transactionId);
        if (fp.crc() != Fingerprint.compute(raw, at)) {
          throw new StunFormatException("FINGERPRINT does not match", true);
        }
        attributes.add(fp);
        fingerprinted = true;
      } else if (attrType == AttributeType.MESSAGE_INTEGRITY_SHA256 && sha256Offset < 0) {
        sha256Offset = at;
        attributes.add(MessageIntegrityAttribute.decode(attrType, value, transactionId));
      } else if (afterIntegrity) {
        // RFC 8489 §14.5: attributes after an integrity attribute, other than those above, are
        // ignored.
      } else if (attrType == AttributeType.MESSAGE_INTEGRITY) {
        sha1Offset = at;
        attributes.add(MessageIntegrityAttribute.decode(attrType, value, transactionId));
      } else {
        AttributeDecoder decoder = AttributeCodecs.decoderFor(attrType);
        if (decoder != null) {
          attributes.add(decoder.decode(attrType, value, transactionId));
        } else if (AttributeType.isComprehensionRequired(attrType)) {
          unknown.add(attrType);
        } else {
          attributes.add(OpaqueAttribute.decode(attrType, value, transactionId));
        }
      }
      at = valueStart + StunHeader.padded(valueLength);
    }
    return StunMessage.decoded(
        type, transactionId, attributes, raw, unknown, sha1Offset, sha256Offset);
  }
}
