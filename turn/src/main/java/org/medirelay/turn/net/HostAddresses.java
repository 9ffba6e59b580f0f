package org.medirelay.turn.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.medirelay.net.LocalAddress;
import org.medirelay.net.LocalAddresses;

/** This host's addresses as the TURN server sees them: its own, and where to relay from. */
public final class HostAddresses {

  private static final Logger LOG = Logger.getLogger(HostAddresses.class.getName());

  private HostAddresses() {}

  /**
   * Every address of every interface, up or down, without IPv6 scope, and loopback: what a wildcard
   * listener answers on.
   */
  public static List<InetAddress> all() throws IOException {
    List<InetAddress> all = new ArrayList<>();
    for (LocalAddress local : LocalAddresses.list()) {
      all.add(local.unscoped());
    }
    all.add(InetAddress.getLoopbackAddress());
    return all;
  }

  /**
   * Relay addresses when {@code --relay-ip} is not given: the concrete listening IPs, else the
   * first global IPv4 and IPv6 addresses of the host, else loopback.
   */
  public static List<InetAddress> defaultRelayIps(List<InetAddress> listening) throws IOException {
    List<InetAddress> concrete = listening.stream().filter(a -> !a.isAnyLocalAddress()).toList();
    if (!concrete.isEmpty()) {
      return concrete;
    }
    InetAddress v4 = null;
    InetAddress v6 = null;
    for (InetAddress a : all()) {
      boolean usable = !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress();
      if (usable && a instanceof Inet4Address && v4 == null) {
        v4 = a;
      } else if (usable && a instanceof Inet6Address && v6 == null) {
        v6 = a;
      }
    }
    List<InetAddress> ips = new ArrayList<>();
    if (v4 != null) {
      ips.add(v4);
    }
    if (v6 != null) {
      ips.add(v6);
    }
    if (ips.isEmpty()) {
      ips.add(InetAddress.getLoopbackAddress());
    }
    LOG.info("relay addresses (set --relay-ip to choose): " + ips);
    return ips;
  }
}
