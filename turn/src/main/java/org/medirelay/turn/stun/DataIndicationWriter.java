package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Frames peer data in place as a Data indication (RFC 8656 §11.6): the header goes into the
 * headroom in front of the data, the padding after it, so the payload is never copied.
 *
 * <pre>
 *   headroom                                          data            pad
 * [ ... | STUN header 20 | XOR-PEER-ADDRESS 12/24 | DATA hdr 4 | ............ | 0-3 ]
 *       ^ frame start                                          ^ dataOffset
 * </pre>
 *
 * Transaction ids are a random prefix and a counter, so no indication costs an allocation or a
 * random draw.
 */
public final class DataIndicationWriter {

  /** The most header any Data indication needs in front of its data (IPv6 peer). */
  public static final int MAX_HEADER = StunHeader.LENGTH + 4 + 20 + 4;

  private final byte[] transactionId = new byte[12];
  private long counter;

  public DataIndicationWriter() {
    new SecureRandom().nextBytes(transactionId);
    counter = ((long) transactionId[4] << 56) ^ transactionId[11];
  }

  /**
   * Writes the header before {@code dataOffset} and the padding after the data, then sets the
   * buffer's position and limit to the frame.
   */
  public void frame(
      ByteBuffer buf, int dataOffset, int dataLength, byte[] peerAddress, int peerPort) {
    long id = ++counter;
    for (int i = 0; i < 8; i++) {
      transactionId[4 + i] = (byte) (id >>> (56 - 8 * i));
    }
    int addressLength = peerAddress.length;
    int headerLength = StunHeader.LENGTH + 4 + 4 + addressLength + 4;
    int start = dataOffset - headerLength;
    int padded = StunHeader.padded(dataLength);
    int at = start;
    buf.putShort(at, (short) StunMessageType.DATA_INDICATION);
    buf.putShort(at + 2, (short) (headerLength - StunHeader.LENGTH + padded));
    buf.putInt(at + 4, StunHeader.MAGIC_COOKIE);
    buf.put(at + 8, transactionId);
    at += StunHeader.LENGTH;
    buf.putShort(at, (short) AttributeType.XOR_PEER_ADDRESS);
    buf.putShort(at + 2, (short) (4 + addressLength));
    buf.put(at + 4, (byte) 0);
    buf.put(
        at + 5,
        (byte)
            (addressLength == 4
                ? XorAddressAttribute.FAMILY_IPV4
                : XorAddressAttribute.FAMILY_IPV6));
    buf.putShort(at + 6, (short) (peerPort ^ (StunHeader.MAGIC_COOKIE >>> 16)));
    for (int i = 0; i < addressLength; i++) {
      byte key = i < 4 ? (byte) (StunHeader.MAGIC_COOKIE >>> (24 - 8 * i)) : transactionId[i - 4];
      buf.put(at + 8 + i, (byte) (peerAddress[i] ^ key));
    }
    at += 8 + addressLength;
    buf.putShort(at, (short) AttributeType.DATA);
    buf.putShort(at + 2, (short) dataLength);
    for (int i = dataLength; i < padded; i++) {
      buf.put(dataOffset + i, (byte) 0);
    }
    buf.limit(dataOffset + padded).position(start);
  }
}
