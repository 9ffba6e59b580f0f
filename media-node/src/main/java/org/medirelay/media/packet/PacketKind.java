package org.medirelay.media.packet;

/**
 * What a datagram on the shared UDP port is, judged by its first bytes (RFC 7983 section 7, RFC
 * 5761 section 4).
 *
 * <pre>
 *   first byte   0..3    STUN
 *               20..63   DTLS
 *              128..191  RTP or RTCP: RTCP when the second byte (M bit + payload type) is 192..223
 * </pre>
 */
public enum PacketKind {
  STUN,
  DTLS,
  RTP,
  RTCP,
  UNKNOWN;

  public static PacketKind of(byte[] buf, int off, int len) {
    if (len < 1) {
      return UNKNOWN;
    }
    int first = buf[off] & 0xFF;
    if (first <= 3) {
      return STUN;
    }
    if (first >= 20 && first <= 63) {
      return DTLS;
    }
    if (first >= 128 && first <= 191 && len >= 2) {
      int second = buf[off + 1] & 0xFF;
      return second >= 192 && second <= 223 ? RTCP : RTP;
    }
    return UNKNOWN;
  }
}
