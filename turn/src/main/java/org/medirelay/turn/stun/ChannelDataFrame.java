package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * ChannelData (RFC 8656 §12.4): a 4-byte header (channel number, see {@link
 * ChannelNumberAttribute}, and data length) and the data, padded to a multiple of 4 over TCP and
 * TLS. Read and written in place.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * /                       Application Data                        /
 * </pre>
 */
public final class ChannelDataFrame {

  public static final int HEADER = 4;

  private ChannelDataFrame() {}

  /** True when the first byte says ChannelData: 0x40–0x7F, channel numbers 0x4000–0x7FFF. */
  public static boolean isChannelData(int firstByte) {
    return (firstByte & 0xC0) == 0x40;
  }

  public static int channel(ByteBuffer buf, int offset) {
    return buf.getShort(offset) & 0xFFFF;
  }

  public static int dataLength(ByteBuffer buf, int offset) {
    return buf.getShort(offset + 2) & 0xFFFF;
  }

  /**
   * Writes the header in front of {@code dataOffset}, pads when {@code pad}, and sets position and
   * limit to the frame.
   */
  public static void frame(
      ByteBuffer buf, int dataOffset, int dataLength, int channel, boolean pad) {
    int start = dataOffset - HEADER;
    buf.putShort(start, (short) channel);
    buf.putShort(start + 2, (short) dataLength);
    int end = dataOffset + dataLength;
    if (pad) {
      int padded = dataOffset + StunHeader.padded(dataLength);
      for (int i = end; i < padded; i++) {
        buf.put(i, (byte) 0);
      }
      end = padded;
    }
    buf.limit(end).position(start);
  }
}
