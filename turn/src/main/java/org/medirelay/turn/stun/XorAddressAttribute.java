package org.medirelay.turn.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS share one wire form (RFC 8489
 * §14.2): the port is XORed with the top 16 bits of the magic cookie, an IPv4 address with the
 * cookie, an IPv6 address with the cookie followed by the transaction id. The XOR keeps NATs that
 * rewrite addresses in payloads away from them.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                X-Address (32 bits or 128 bits)                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param rawAddress the address bytes exactly as the sender meant them (4 or 16); kept because Java
 *     turns an IPv4-mapped IPv6 address into an IPv4 one, and the peer filter must judge what was
 *     sent.
 */
public record XorAddressAttribute(int type, byte[] rawAddress, int port) implements StunAttribute {

  public static final int FAMILY_IPV4 = 0x01;
  public static final int FAMILY_IPV6 = 0x02;

  public XorAddressAttribute {
    if (rawAddress.length != 4 && rawAddress.length != 16) {
      throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
    }
    rawAddress = rawAddress.clone();
  }

  public static XorAddressAttribute of(int type, InetSocketAddress address) {
    return new XorAddressAttribute(type, address.getAddress().getAddress(), address.getPort());
  }

  static XorAddressAttribute decode(int type, ByteBuffer value, byte[] transactionId)
      throws StunFormatException {
    if (value.remaining() < 4) {
      throw new StunFormatException("address attribute too short");
    }
    value.get();
    int family = value.get() & 0xFF;
    int port = (value.getShort() & 0xFFFF) ^ (StunHeader.MAGIC_COOKIE >>> 16);
    int length = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
    if (length < 0) {
      throw new StunFormatException("unknown address family " + family);
    }
    if (value.remaining() != length) {
      throw new StunFormatException("address length does not match its family");
    }
    byte[] address = new byte[length];
    value.get(address);
    xor(address, transactionId);
    return new XorAddressAttribute(type, address, port);
  }

  /**
   * XORs an address in place with the magic cookie (and, for IPv6, the transaction id); the
   * operation is its own inverse.
   */
  public static void xor(byte[] address, byte[] transactionId) {
    for (int i = 0; i < address.length; i++) {
      address[i] ^=
          i < 4 ? (byte) (StunHeader.MAGIC_COOKIE >>> (24 - 8 * i)) : transactionId[i - 4];
    }
  }

  public int family() {
    return rawAddress.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6;
  }

  @Override
  public byte[] rawAddress() {
    return rawAddress.clone();
  }

  /** The socket address to send to; an IPv4-mapped IPv6 address becomes its IPv4 address here. */
  public InetSocketAddress socketAddress() {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(rawAddress), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  @Override
  public int valueLength() {
    return 4 + rawAddress.length;
  }

  @Override
  public void encodeValue(ByteBuffer out, byte[] transactionId) {
    out.put((byte) 0)
        .put((byte) family())
        .putShort((short) (port ^ (StunHeader.MAGIC_COOKIE >>> 16)));
    byte[] x = rawAddress.clone();
    xor(x, transactionId);
    out.put(x);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof XorAddressAttribute other
        && other.type == type
        && other.port == port
        && Arrays.equals(other.rawAddress, rawAddress);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type + port) + Arrays.hashCode(rawAddress);
  }

  @Override
  public String toString() {
    return "XorAddressAttribute[" + Integer.toHexString(type) + " " + socketAddress() + "]";
  }
}
