package org.medirelay.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One address of one of this host's network interfaces.
 *
 * @param interfaceName the interface's name ({@code lo}, {@code eth0}, {@code docker0})
 * @param interfaceUp whether the interface was up when listed
 * @param address the address as the system lists it; IPv6 addresses carry their interface as scope
 */
public record LocalAddress(String interfaceName, boolean interfaceUp, InetAddress address) {

  /**
   * The address without its IPv6 scope ({@code 2001:db8::1}, not {@code 2001:db8::1%eth0}): the
   * form a remote party knows it by, and the one to log or hand out. (Equality ignores the scope
   * either way.)
   */
  public InetAddress unscoped() {
    if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
      try {
        return InetAddress.getByAddress(v6.getAddress());
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes are always a valid length
      }
    }
    return address;
  }
}
