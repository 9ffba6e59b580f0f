package org.medirelay.turn.stun;

/**
 * The 14-bit STUN message type: a 12-bit method and a 2-bit class interleaved (RFC 8489 §5).
 *
 * <pre>
 *  0                 1
 *  2  3  4 5 6 7 8 9 0 1 2 3 4 5
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 * |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 * +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunMessageType {

  public static final int BINDING = 0x001;
  public static final int ALLOCATE = 0x003;
  public static final int REFRESH = 0x004;
  public static final int SEND = 0x006;
  public static final int DATA = 0x007;
  public static final int CREATE_PERMISSION = 0x008;
  public static final int CHANNEL_BIND = 0x009;

  public static final int REQUEST = 0b00;
  public static final int INDICATION = 0b01;
  public static final int SUCCESS = 0b10;
  public static final int ERROR = 0b11;

  /**
   * Send indication (0x0016) and Data indication (0x0017), used by the hot paths that do not build
   * messages.
   */
  public static final int SEND_INDICATION = of(SEND, INDICATION);

  public static final int DATA_INDICATION = of(DATA, INDICATION);

  private StunMessageType() {}

  public static int of(int method, int messageClass) {
    return (method & 0x000F)
        | ((method & 0x0070) << 1)
        | ((method & 0x0F80) << 2)
        | ((messageClass & 0b01) << 4)
        | ((messageClass & 0b10) << 7);
  }

  public static int method(int type) {
    return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
  }

  public static int messageClass(int type) {
    return ((type & 0x0010) >> 4) | ((type & 0x0100) >> 7);
  }
}
