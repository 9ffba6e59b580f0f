package org.medirelay.turn.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What limits per client address count by: an IPv4 address, or the /64 of an IPv6 address. A /64 is
 * what one home or office gets, and a host in it can take any address of it, so counting whole IPv6
 * addresses would give one host 2^64 shares.
 */
public record SourceKey(InetAddress address, int prefixLength) {

  public static SourceKey of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return new SourceKey(address, 32);
    }
    byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return new SourceKey(InetAddress.getByAddress(prefix), 64);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  @Override
  public String toString() {
    return prefixLength == 32
        ? address.getHostAddress()
        : address.getHostAddress() + "/" + prefixLength;
  }
}
