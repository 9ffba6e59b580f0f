package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * Decodes one attribute's value; {@code value} holds exactly the value bytes (no header, no
 * padding).
 */
@FunctionalInterface
public interface AttributeDecoder {

  StunAttribute decode(int type, ByteBuffer value, byte[] transactionId) throws StunFormatException;
}
