package org.medirelay.turn.allocation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

/**
 * Binds relay sockets in {@code --min-port}..{@code --max-port} and holds the odd halves of
 * EVEN-PORT reservations (RFC 8656 §7.2, RESERVATION-TOKEN) for 30 seconds.
 */
public final class RelayPortPool {

  static final long RESERVATION_MILLIS = 30_000;

  private record Reservation(DatagramChannel channel, long expiresAt) {}

  private final int minPort;
  private final int maxPort;
  private final Random random;
  private final Map<Long, Reservation> reservations = new HashMap<>();
  private int cursor;

  public RelayPortPool(int minPort, int maxPort, Random random) {
    if (minPort < 1 || maxPort > 65535 || minPort > maxPort) {
      throw new IllegalArgumentException(
          "relay port range " + minPort + "-" + maxPort + " is not valid");
    }
    this.minPort = minPort;
    this.maxPort = maxPort;
    this.random = random;
    this.cursor = minPort + random.nextInt(maxPort - minPort + 1);
  }

  /** A bound, non-blocking relay socket on {@code ip}, or null when the range is exhausted. */
  public DatagramChannel bind(InetAddress ip, boolean dontFragment) {
    int span = maxPort - minPort + 1;
    for (int i = 0; i < span; i++) {
      int port = next();
      DatagramChannel channel = tryBind(ip, port, dontFragment);
      if (channel != null) {
        return channel;
      }
    }
    return null;
  }

  /**
   * Binds an even port, and when {@code reserveNext} also the odd port after it, held under a fresh
   * token. Returns the even socket and puts the token in {@code tokenOut[0]} (0 when nothing was
   * reserved), or null when no pair is free.
   */
  public DatagramChannel bindEven(
      InetAddress ip, boolean reserveNext, boolean dontFragment, long now, long[] tokenOut) {
    int span = maxPort - minPort + 1;
    for (int i = 0; i < span; i++) {
      int port = next();
      if (port % 2 != 0 || (reserveNext && port + 1 > maxPort)) {
        continue;
      }
      DatagramChannel even = tryBind(ip, port, dontFragment);
      if (even == null) {
        continue;
      }
      if (!reserveNext) {
        tokenOut[0] = 0;
        return even;
      }
      DatagramChannel odd = tryBind(ip, port + 1, dontFragment);
      if (odd == null) {
        closeQuietly(even);
        continue;
      }
      long token;
      do {
        token = random.nextLong();
      } while (token == 0 || reservations.containsKey(token));
      reservations.put(token, new Reservation(odd, now + RESERVATION_MILLIS));
      tokenOut[0] = token;
      return even;
    }
    return null;
  }

  /**
   * The socket reserved under {@code token}, removed from the pool, or null when unknown or
   * expired.
   */
  public DatagramChannel claim(long token, long now) {
    Reservation r = reservations.remove(token);
    if (r == null) {
      return null;
    }
    if (now >= r.expiresAt) {
      closeQuietly(r.channel);
      return null;
    }
    return r.channel;
  }

  public void sweep(long now) {
    for (Iterator<Reservation> it = reservations.values().iterator(); it.hasNext(); ) {
      Reservation r = it.next();
      if (now >= r.expiresAt) {
        closeQuietly(r.channel);
        it.remove();
      }
    }
  }

  private int next() {
    int port = cursor;
    cursor = cursor >= maxPort ? minPort : cursor + 1;
    return port;
  }

  private static DatagramChannel tryBind(InetAddress ip, int port, boolean dontFragment) {
    DatagramChannel channel = null;
    try {
      channel =
          DatagramChannel.open(
              ip.getAddress().length == 4
                  ? StandardProtocolFamily.INET
                  : StandardProtocolFamily.INET6);
      channel.bind(new InetSocketAddress(ip, port));
      channel.configureBlocking(false);
      if (dontFragment) {
        setDontFragment(channel);
      }
      return channel;
    } catch (IOException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      return null;
    }
  }

  /**
   * Sets the IP DF bit where the JDK offers it (jdk.net IP_DONTFRAGMENT, JDK 19+). On older JDKs
   * Linux already sends UDP with DF set under its default path-MTU discovery mode
   * (IP_PMTUDISC_WANT).
   */
  @SuppressWarnings("unchecked")
  private static void setDontFragment(DatagramChannel channel) throws IOException {
    for (SocketOption<?> option : channel.supportedOptions()) {
      if (option.name().equals("IP_DONTFRAGMENT") && option.type() == Boolean.class) {
        channel.setOption((SocketOption<Boolean>) option, Boolean.TRUE);
      }
    }
  }

  static void closeQuietly(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a socket we no longer want: nothing to do on failure.
    }
  }

  public void closeAll() {
    reservations.values().forEach(r -> closeQuietly(r.channel));
    reservations.clear();
  }
}
