package org.medirelay.turn.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The TURN server's bound, non-blocking listening sockets: on each listening IP, UDP and TCP on one
 * port and TLS on another.
 */
public final class ListeningSockets {

  private final List<DatagramChannel> udp = new ArrayList<>();
  private final List<ServerSocketChannel> tcp = new ArrayList<>();
  private final List<ServerSocketChannel> tls = new ArrayList<>();

  private ListeningSockets() {}

  /**
   * Binds on each of {@code ips} (none: the wildcard address) UDP and/or TCP on {@code port}, and
   * TLS on {@code tlsPort} when present. With port 0 each IP's UDP and TCP share one ephemeral
   * port, and the next IP tries that port too.
   */
  public static ListeningSockets bind(
      List<InetAddress> ips, int port, boolean udp, boolean tcp, OptionalInt tlsPort)
      throws IOException {
    ListeningSockets sockets = new ListeningSockets();
    List<InetAddress> listenIps = ips.isEmpty() ? List.of(wildcard()) : ips;
    int plainPort = port;
    for (InetAddress ip : listenIps) {
      plainPort = sockets.bindPlain(ip, plainPort, udp, tcp);
      if (tlsPort.isPresent()) {
        sockets.tls.add(bindTcp(new InetSocketAddress(ip, tlsPort.getAsInt())));
      }
    }
    return sockets;
  }

  public List<DatagramChannel> udp() {
    return udp;
  }

  public List<ServerSocketChannel> tcp() {
    return tcp;
  }

  public List<ServerSocketChannel> tls() {
    return tls;
  }

  /**
   * The server's own listening transport addresses, with wildcard listeners expanded to every local
   * address, and each listening port on every address in {@code reachedAt} (the public side of a
   * 1:1 NAT, {@code --external-ip}, brings what is relayed there back to a listener).
   */
  public Set<InetSocketAddress> ownAddresses(List<InetAddress> reachedAt) throws IOException {
    List<NetworkChannel> channels = new ArrayList<>(udp);
    channels.addAll(tcp);
    channels.addAll(tls);
    Set<InetSocketAddress> own = new HashSet<>();
    for (NetworkChannel channel : channels) {
      InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
      if (address.getAddress().isAnyLocalAddress()) {
        for (InetAddress local : HostAddresses.all()) {
          own.add(new InetSocketAddress(local, address.getPort()));
        }
      } else {
        own.add(address);
      }
      for (InetAddress external : reachedAt) {
        own.add(new InetSocketAddress(external, address.getPort()));
      }
    }
    return own;
  }

  /**
   * Binds UDP and TCP on the same port; with port 0, retries until both get the same ephemeral
   * port.
   */
  private int bindPlain(InetAddress ip, int port, boolean withUdp, boolean withTcp)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      DatagramChannel u = null;
      try {
        int bound = port;
        if (withUdp) {
          // A plain IPv4 socket for an IPv4 listening address: the kernel's IPv4-mapped path costs
          // more per packet.
          u =
              ip instanceof Inet4Address
                  ? DatagramChannel.open(StandardProtocolFamily.INET)
                  : DatagramChannel.open();
          u.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
          u.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
          u.bind(new InetSocketAddress(ip, port));
          u.configureBlocking(false);
          bound = ((InetSocketAddress) u.getLocalAddress()).getPort();
        }
        if (withTcp) {
          ServerSocketChannel t = bindTcp(new InetSocketAddress(ip, bound));
          tcp.add(t);
          bound = ((InetSocketAddress) t.getLocalAddress()).getPort();
        }
        if (u != null) {
          udp.add(u);
        }
        return bound;
      } catch (IOException e) {
        if (u != null) {
          u.close();
        }
        if (port != 0 || attempt >= 20) {
          throw new IOException(
              "cannot listen on " + ip.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static ServerSocketChannel bindTcp(InetSocketAddress address) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    channel.bind(address, 1024);
    channel.configureBlocking(false);
    return channel;
  }

  private static InetAddress wildcard() {
    return new InetSocketAddress(0).getAddress();
  }
}
