package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * One STUN attribute: a type, and a value that encodes itself. Every attribute class has a matching
 * decoder registered in {@link AttributeCodecs}, so encode and decode stay symmetric and are tested
 * together.
 */
public interface StunAttribute {

  int type();

  /** Length of the value in bytes, without the 4-byte attribute header and without padding. */
  int valueLength();

  /**
   * Writes the value (no header, no padding) at the buffer's position. The transaction id is there
   * for the XOR address attributes.
   */
  void encodeValue(ByteBuffer out, byte[] transactionId);
}
