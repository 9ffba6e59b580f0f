package org.medirelay.turn.peer;

import java.util.Arrays;
import org.medirelay.net.IpLiterals;

/**
 * An inclusive range of addresses of one family, written as coturn writes them ({@code
 * 10.0.0.1-10.0.0.255} or a single address) or as a CIDR prefix ({@code 10.0.0.0/8}, {@code
 * fc00::/7}).
 */
public final class IpRange {

  private final byte[] low;
  private final byte[] high;
  private final String text;

  private IpRange(byte[] low, byte[] high, String text) {
    this.low = low;
    this.high = high;
    this.text = text;
  }

  public static IpRange parse(String text) {
    String t = text.trim();
    try {
      int slash = t.indexOf('/');
      if (slash > 0) {
        byte[] network = literal(t.substring(0, slash));
        int prefix = Integer.parseInt(t.substring(slash + 1));
        if (prefix < 0 || prefix > network.length * 8) {
          throw new IllegalArgumentException("prefix length out of range in " + text);
        }
        return cidr(network, prefix, t);
      }
      int dash = t.indexOf('-');
      byte[] low = literal(dash > 0 ? t.substring(0, dash) : t);
      byte[] high = dash > 0 ? literal(t.substring(dash + 1)) : low.clone();
      if (low.length != high.length || compare(low, high) > 0) {
        throw new IllegalArgumentException("not an address range: " + text);
      }
      return new IpRange(low, high, t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an address range: " + text, e);
    }
  }

  static IpRange cidr(byte[] network, int prefix, String text) {
    byte[] low = network.clone();
    byte[] high = network.clone();
    for (int bit = prefix; bit < low.length * 8; bit++) {
      low[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      high[bit / 8] |= (byte) (0x80 >>> (bit % 8));
    }
    return new IpRange(low, high, text);
  }

  /** The address as written: a range written in IPv6 (even {@code ::ffff:a.b.c.d}) stays IPv6. */
  private static byte[] literal(String address) {
    return IpLiterals.parseBytes(address.trim())
        .orElseThrow(() -> new IllegalArgumentException("not an IP address literal: " + address));
  }

  /**
   * True when {@code address} (4 or 16 bytes) lies in this range; addresses of the other family
   * never do.
   */
  public boolean contains(byte[] address) {
    return address.length == low.length
        && compare(address, low) >= 0
        && compare(address, high) <= 0;
  }

  private static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public String toString() {
    return text;
  }
}
