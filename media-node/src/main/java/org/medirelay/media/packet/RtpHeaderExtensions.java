package org.medirelay.media.packet;

/**
 * Finds and blanks elements of an RTP header extension block (RFC 8285) in place, in both the
 * one-byte ({@code 0xBEDE}) and the two-byte ({@code 0x100x}) form. The block is in the clear in
 * SRTP, so these work before and after decryption. Every read is bounded by the packet: a malformed
 * block yields "absent", never an exception.
 *
 * <pre>
 * one-byte:  | 0xBEDE | length in words | ID(4) L(4) data(L+1) | … | 0 (padding) …
 * two-byte:  | 0x100x | length in words | ID(8) | L(8) | data(L) | …
 * </pre>
 */
public final class RtpHeaderExtensions {

  private static final int ONE_BYTE_PROFILE = 0xBEDE;
  private static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
  private static final int TWO_BYTE_PROFILE = 0x1000;

  private RtpHeaderExtensions() {}

  /**
   * The offset in {@code p} of the data of the element with {@code id} (1–14 in the one-byte form,
   * 1–255 in the two-byte form), or -1 when the packet has no such element or its block is
   * malformed. {@link #lengthAt} tells its length.
   */
  public static int find(Packet p, int id) {
    int block = blockStart(p);
    if (block < 0 || id <= 0) {
      return -1;
    }
    int profile = p.uint16At(block - 4);
    int end = block + 4 * p.uint16At(block - 2);
    boolean oneByte = profile == ONE_BYTE_PROFILE;
    int at = block;
    while (at < end) {
      int first = p.byteAt(at);
      if (first == 0) {
        at++; // padding between elements
        continue;
      }
      int elementId;
      int length;
      int data;
      if (oneByte) {
        elementId = first >>> 4;
        if (elementId == 15) {
          return -1; // reserved: stop parsing (RFC 8285 section 4.2)
        }
        length = (first & 0x0F) + 1;
        data = at + 1;
      } else {
        if (at + 1 >= end) {
          return -1;
        }
        elementId = first;
        length = p.byteAt(at + 1);
        data = at + 2;
      }
      if (data + length > end) {
        return -1;
      }
      if (elementId == id) {
        return data;
      }
      at = data + length;
    }
    return -1;
  }

  /** The length of the element whose data starts at {@code data}, an offset {@link #find} gave. */
  public static int lengthAt(Packet p, int data) {
    int block = blockStart(p);
    return p.uint16At(block - 4) == ONE_BYTE_PROFILE
        ? (p.byteAt(data - 1) & 0x0F) + 1
        : p.byteAt(data - 1);
  }

  /**
   * Turns the element with {@code id} into padding (zero bytes, which receivers skip), so a stream
   * forwarded to another receiver does not carry a value that meant something only to the node.
   */
  public static void clear(Packet p, int id) {
    int data = find(p, id);
    if (data < 0) {
      return;
    }
    int header = p.uint16At(blockStart(p) - 4) == ONE_BYTE_PROFILE ? 1 : 2;
    int end = data + lengthAt(p, data);
    for (int at = data - header; at < end; at++) {
      p.getBuffer()[p.getOffset() + at] = 0;
    }
  }

  /**
   * Where the elements of {@code p}'s extension block start (after its 4-byte header), or -1 when
   * it has none in a form this class reads, or the block does not fit in the packet.
   */
  private static int blockStart(Packet p) {
    if (!Rtp.isValid(p) || (p.byteAt(0) & 0x10) == 0) {
      return -1;
    }
    int header = Rtp.FIXED_HEADER + 4 * (p.byteAt(0) & 0x0F);
    int profile = p.uint16At(header);
    if (profile != ONE_BYTE_PROFILE && (profile & TWO_BYTE_PROFILE_MASK) != TWO_BYTE_PROFILE) {
      return -1;
    }
    return header + 4;
  }
}
