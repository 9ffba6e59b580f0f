package org.medirelay.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IP address literals, read character by character. {@link InetAddress#getByName} resolves whatever
 * is not a literal through DNS, so configuration, ICE candidates and peer ranges that went through
 * it could stall on, or be steered by, a name server; nothing here ever looks a name up.
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>IPv4: four decimal octets, {@code 192.0.2.1}. Leading zeros are refused ({@code 010.0.0.1}
 *       is octal to some tools and decimal to others), as are the short forms {@code 127.1} and
 *       {@code 2130706433}.
 *   <li>IPv6 (RFC 4291 §2.2): eight groups of one to four hex digits, one {@code ::} standing for
 *       one or more zero groups, the last 32 bits optionally as an IPv4 literal ({@code
 *       ::ffff:192.0.2.1}); optionally in brackets as in a URI ({@code [2001:db8::1]}).
 * </ul>
 *
 * <p>{@link #parse} also takes an IPv6 zone ({@code fe80::1%2}, {@code fe80::1%eth0}, RFC 4007
 * §11); {@link #parseBytes} does not, since bytes carry no zone.
 */
public final class IpLiterals {

  private static final int IPV6_GROUPS = 8;

  private IpLiterals() {}

  /**
   * The address {@code text} spells, or empty when it is not an IP literal (a host name, junk, an
   * unknown zone). An IPv4-mapped IPv6 literal comes back as its {@link java.net.Inet4Address}, as
   * Java represents it.
   */
  public static Optional<InetAddress> parse(String text) {
    String literal = unbracketed(text);
    int percent = literal.indexOf('%');
    byte[] address = bytes(percent < 0 ? literal : literal.substring(0, percent));
    if (address == null) {
      return Optional.empty();
    }
    try {
      if (percent < 0) {
        return Optional.of(InetAddress.getByAddress(address));
      }
      return address.length == 16
          ? zoned(address, literal.substring(percent + 1))
          : Optional.empty();
    } catch (UnknownHostException e) {
      return Optional.empty(); // a zone naming an interface with no address of that scope
    }
  }

  /**
   * The address {@code text} spells, as written: 4 bytes for IPv4, 16 for IPv6, an IPv4-mapped
   * literal staying 16 (a range written in IPv6 stays IPv6). Empty when it is not an IP literal or
   * carries a zone.
   */
  public static Optional<byte[]> parseBytes(String text) {
    return Optional.ofNullable(bytes(unbracketed(text)));
  }

  /** The text inside brackets, if it is bracketed; brackets hold only IPv6 (RFC 3986 §3.2.2). */
  private static String unbracketed(String text) {
    if (text.length() >= 2 && text.startsWith("[") && text.endsWith("]")) {
      String inner = text.substring(1, text.length() - 1);
      return inner.indexOf(':') >= 0 ? inner : "";
    }
    return text;
  }

  private static byte[] bytes(String text) {
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  /** RFC 4007 §11: a numeric zone is a scope id; any other names a local interface. */
  private static Optional<InetAddress> zoned(byte[] address, String zone)
      throws UnknownHostException {
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    if (zone.chars().allMatch(IpLiterals::isDecimalDigit)) {
      if (zone.length() > 9) {
        return Optional.empty();
      }
      return Optional.of(Inet6Address.getByAddress(null, address, Integer.parseInt(zone)));
    }
    try {
      NetworkInterface nic = NetworkInterface.getByName(zone);
      return nic == null
          ? Optional.empty()
          : Optional.of(Inet6Address.getByAddress(null, address, nic));
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  /** Four decimal octets without leading zeros, or null. */
  private static byte[] ipv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return null;
    }
    byte[] address = new byte[4];
    for (int i = 0; i < 4; i++) {
      String octet = octets[i];
      if (octet.isEmpty()
          || octet.length() > 3
          || !octet.chars().allMatch(IpLiterals::isDecimalDigit)
          || (octet.length() > 1 && octet.charAt(0) == '0')) {
        return null;
      }
      int value = Integer.parseInt(octet);
      if (value > 255) {
        return null;
      }
      address[i] = (byte) value;
    }
    return address;
  }

  /**
   * Groups before a {@code ::} fill the address from the front, groups after it from the back;
   * without one there must be all eight. An IPv4 tail counts as two groups.
   */
  private static byte[] ipv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    byte[] address = new byte[16];
    if (gap < 0) {
      int written = writeGroups(text, address, true);
      return written == IPV6_GROUPS ? address : null;
    }
    String head = text.substring(0, gap);
    String tail = text.substring(gap + 2);
    byte[] back = new byte[16];
    int headGroups = head.isEmpty() ? 0 : writeGroups(head, address, false);
    int tailGroups = tail.isEmpty() ? 0 : writeGroups(tail, back, true);
    if (headGroups < 0 || tailGroups < 0 || headGroups + tailGroups >= IPV6_GROUPS) {
      return null;
    }
    System.arraycopy(back, 0, address, 16 - 2 * tailGroups, 2 * tailGroups);
    return address;
  }

  /**
   * Writes the colon-separated groups of {@code part} into {@code out} from its start; returns how
   * many groups that was (an IPv4 tail, allowed only when {@code last}, counts two), or -1 when
   * {@code part} is not a run of groups.
   */
  private static int writeGroups(String part, byte[] out, boolean last) {
    String[] groups = part.split(":", -1);
    int written = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      if (last && i == groups.length - 1 && group.indexOf('.') >= 0) {
        byte[] ipv4 = ipv4(group);
        if (ipv4 == null || written + 2 > IPV6_GROUPS) {
          return -1;
        }
        System.arraycopy(ipv4, 0, out, 2 * written, 4);
        return written + 2;
      }
      int value = hexGroup(group);
      if (value < 0 || written == IPV6_GROUPS) {
        return -1;
      }
      out[2 * written] = (byte) (value >>> 8);
      out[2 * written + 1] = (byte) value;
      written++;
    }
    return written;
  }

  /** One to four hex digits as a 16-bit value, or -1. */
  private static int hexGroup(String group) {
    if (group.isEmpty() || group.length() > 4) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      // Character.digit also takes non-ASCII digits (fullwidth, Arabic-Indic); a literal has none.
      int digit = c < 0x80 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        return -1;
      }
      value = value << 4 | digit;
    }
    return value;
  }

  private static boolean isDecimalDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
