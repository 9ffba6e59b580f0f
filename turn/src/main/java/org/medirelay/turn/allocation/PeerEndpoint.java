package org.medirelay.turn.allocation;

import java.net.InetSocketAddress;

/**
 * A peer transport address an allocation has talked to, kept so that the relay path finds the
 * socket address, the permission and the channel without building objects per packet. Bounded per
 * allocation.
 */
public final class PeerEndpoint {

  final InetSocketAddress address;
  final byte[] rawAddress;
  final int port;
  final Permission permission;
  ChannelBinding channel;

  PeerEndpoint(InetSocketAddress address, Permission permission) {
    this.address = address;
    this.rawAddress = address.getAddress().getAddress();
    this.port = address.getPort();
    this.permission = permission;
  }

  public InetSocketAddress address() {
    return address;
  }

  /**
   * The address bytes as Java holds them (IPv4 as 4 bytes), for the XOR-PEER-ADDRESS of Data
   * indications.
   */
  public byte[] rawAddressView() {
    return rawAddress;
  }

  public int port() {
    return port;
  }

  public Permission permission() {
    return permission;
  }

  /** The channel bound to this peer, or null. */
  public ChannelBinding channel() {
    return channel;
  }

  boolean matches(byte[] raw, int rawLength, int otherPort) {
    if (otherPort != port || rawLength != rawAddress.length) {
      return false;
    }
    for (int i = 0; i < rawLength; i++) {
      if (raw[i] != rawAddress[i]) {
        return false;
      }
    }
    return true;
  }
}
