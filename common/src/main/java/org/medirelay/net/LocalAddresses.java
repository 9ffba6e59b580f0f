package org.medirelay.net;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses of this host's network interfaces, the one place that walks them. Callers choose
 * what they need: the media node advertises the addresses of up interfaces it is not told to skip;
 * the TURN server refuses to relay to any address of its own.
 */
public final class LocalAddresses {

  private LocalAddresses() {}

  /** Every address of every interface, up or down, in the order the system lists them. */
  public static List<LocalAddress> list() throws SocketException {
    List<LocalAddress> all = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      boolean up = nic.isUp();
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        all.add(new LocalAddress(nic.getName(), up, address));
      }
    }
    return all;
  }
}
