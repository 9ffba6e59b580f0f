package org.medirelay.turn.peer;

/**
 * Finds the IPv4 address inside the IPv6 forms that carry one, so that {@code ::ffff:127.0.0.1},
 * {@code ::ffff:0:127.0.0.1}, {@code ::127.0.0.1}, {@code 64:ff9b::7f00:1} or {@code 2002:7f00:1::}
 * are judged as 127.0.0.1 (the bypass class of CVE-2020-26262).
 */
final class EmbeddedIpv4 {

  private EmbeddedIpv4() {}

  /** The embedded IPv4 address, or null when {@code v6} (16 bytes) embeds none. */
  static byte[] of(byte[] v6) {
    if (isZero(v6, 0, 10) && (v6[10] & 0xFF) == 0xFF && (v6[11] & 0xFF) == 0xFF) {
      return copy(v6, 12); // ::ffff:0:0/96, IPv4-mapped
    }
    if (isZero(v6, 0, 8)
        && (v6[8] & 0xFF) == 0xFF
        && (v6[9] & 0xFF) == 0xFF
        && isZero(v6, 10, 12)) {
      return copy(v6, 12); // ::ffff:0:0:0/96, IPv4-translated (RFC 2765, SIIT)
    }
    boolean unspecifiedOrLoopback = isZero(v6, 0, 15) && (v6[15] == 0 || v6[15] == 1);
    if (isZero(v6, 0, 12) && !unspecifiedOrLoopback) {
      return copy(v6, 12); // ::/96, IPv4-compatible (deprecated); :: and ::1 are judged as IPv6
    }
    if ((v6[0] & 0xFF) == 0x00
        && (v6[1] & 0xFF) == 0x64
        && (v6[2] & 0xFF) == 0xFF
        && (v6[3] & 0xFF) == 0x9B
        && isZero(v6, 4, 12)) {
      return copy(v6, 12); // 64:ff9b::/96, well-known NAT64 prefix
    }
    if ((v6[0] & 0xFF) == 0x20 && (v6[1] & 0xFF) == 0x02) {
      return copy(v6, 2); // 2002::/16, 6to4: the IPv4 address follows the prefix
    }
    return null;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] copy(byte[] v6, int from) {
    return new byte[] {v6[from], v6[from + 1], v6[from + 2], v6[from + 3]};
  }
}
