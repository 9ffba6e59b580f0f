package org.medirelay.turn.stun;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Reads a Send indication (RFC 8656 §11.4) in place: the peer address into a reused array and the
 * position of the DATA value, without building a message. One instance per event loop; its fields
 * hold the last indication read. Like a full decode, it checks lengths and FINGERPRINT, and rejects
 * unknown comprehension-required attributes (RFC 8489 §6.3.2: such an indication is discarded).
 */
public final class SendIndicationReader {

  private final byte[] peerAddress = new byte[16];
  private final CRC32 crc = new CRC32();
  private int peerAddressLength;
  private int peerPort;
  private int dataOffset;
  private int dataLength;

  /** True when the bytes are a well-formed Send indication with XOR-PEER-ADDRESS and DATA. */
  public boolean read(ByteBuffer buf, int offset, int length) {
    int messageLength = StunHeader.messageLength(buf, offset);
    if (messageLength % 4 != 0 || StunHeader.LENGTH + messageLength != length) {
      return false;
    }
    peerAddressLength = 0;
    dataOffset = -1;
    int end = offset + length;
    int at = offset + StunHeader.LENGTH;
    while (at < end) {
      if (end - at < 4) {
        return false;
      }
      int type = buf.getShort(at) & 0xFFFF;
      int valueLength = buf.getShort(at + 2) & 0xFFFF;
      int value = at + 4;
      if (value + StunHeader.padded(valueLength) > end) {
        return false;
      }
      switch (type) {
        case AttributeType.XOR_PEER_ADDRESS -> {
          if (peerAddressLength == 0 && !readPeer(buf, offset, value, valueLength)) {
            return false;
          }
        }
        case AttributeType.DATA -> {
          if (dataOffset < 0) {
            dataOffset = value;
            dataLength = valueLength;
          }
        }
        case AttributeType.FINGERPRINT -> {
          if (valueLength != 4
              || value + 4 != end
              || !fingerprintMatches(buf, offset, at, buf.getInt(value))) {
            return false;
          }
        }
        case AttributeType.DONT_FRAGMENT -> {}
        default -> {
          if (AttributeType.isComprehensionRequired(type)) {
            return false;
          }
        }
      }
      at = value + StunHeader.padded(valueLength);
    }
    return peerAddressLength > 0 && dataOffset >= 0;
  }

  private boolean readPeer(ByteBuffer buf, int message, int value, int valueLength) {
    // The length first: a value too short to hold the family may be the datagram's last bytes.
    if (valueLength != 4 + 4 && valueLength != 4 + 16) {
      return false;
    }
    int family = buf.get(value + 1) & 0xFF;
    int length =
        family == XorAddressAttribute.FAMILY_IPV4
            ? 4
            : family == XorAddressAttribute.FAMILY_IPV6 ? 16 : 0;
    if (length == 0 || valueLength != 4 + length) {
      return false;
    }
    peerPort = (buf.getShort(value + 2) & 0xFFFF) ^ (StunHeader.MAGIC_COOKIE >>> 16);
    for (int i = 0; i < length; i++) {
      // The XOR key is the magic cookie followed by the transaction id: header bytes 4..19.
      peerAddress[i] = (byte) (buf.get(value + 4 + i) ^ buf.get(message + 4 + i));
    }
    peerAddressLength = length;
    return true;
  }

  private boolean fingerprintMatches(ByteBuffer buf, int message, int attribute, int received) {
    int position = buf.position();
    int limit = buf.limit();
    crc.reset();
    buf.limit(attribute).position(message);
    crc.update(buf);
    buf.limit(limit).position(position);
    return ((int) crc.getValue() ^ StunHeader.FINGERPRINT_XOR) == received;
  }

  /**
   * The peer address bytes; valid up to {@link #peerAddressLength()}. Owned by this reader: do not
   * keep.
   */
  public byte[] peerAddress() {
    return peerAddress;
  }

  public int peerAddressLength() {
    return peerAddressLength;
  }

  public int peerPort() {
    return peerPort;
  }

  public int dataOffset() {
    return dataOffset;
  }

  public int dataLength() {
    return dataLength;
  }
}
