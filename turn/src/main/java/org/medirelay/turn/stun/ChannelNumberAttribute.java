package org.medirelay.turn.stun;

import java.nio.ByteBuffer;

/**
 * CHANNEL-NUMBER (RFC 8656 §18.1): a 16-bit channel number followed by 16 reserved bits.
 *
 * <p>RFC 8656 narrowed channels to 0x4000–0x4FFF; RFC 5766 allowed 0x4000–0x7FFF, and RFC 5766
 * clients still pick from that range (coturn's own turnutils_uclient picks at random in it). Like
 * coturn, the server accepts the RFC 5766 range: on the TURN port the first byte 0x40–0x7F cannot
 * collide with anything else, because only STUN and ChannelData arrive there.
 */
public record ChannelNumberAttribute(int channel) implements StunAttribute {

  public static final int MIN = 0x4000;
  public static final int MAX = 0x7FFF;

  static ChannelNumberAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    AttributeDecoder.requireLength(value, 4, "CHANNEL-NUMBER");
    return new ChannelNumberAttribute(value.getShort() & 0xFFFF);
  }

  public boolean isValid() {
    return channel >= MIN && channel <= MAX;
  }

  @Override
  public int type() {
    return AttributeType.CHANNEL_NUMBER;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.putShort((short) channel).putShort((short) 0);
  }
}
