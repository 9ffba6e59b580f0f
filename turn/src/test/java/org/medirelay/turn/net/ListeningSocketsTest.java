package org.medirelay.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void udpAndTcpShareOneEphemeralPortAndTlsHasItsOwn() throws Exception {
    ListeningSockets sockets =
        ListeningSockets.bind(List.of(LOOPBACK), 0, true, true, OptionalInt.of(0));
    try {
      int udp = port(sockets.udp().get(0));
      assertThat(sockets.udp()).hasSize(1);
      assertThat(sockets.tcp()).hasSize(1);
      assertThat(sockets.tls()).hasSize(1);
      assertThat(port(sockets.tcp().get(0))).isEqualTo(udp).isNotZero();
      assertThat(sockets.ownAddresses(List.of()))
          .containsExactlyInAnyOrder(
              new InetSocketAddress(LOOPBACK, udp),
              new InetSocketAddress(LOOPBACK, port(sockets.tls().get(0))));
    } finally {
      close(sockets);
    }
  }

  @Test
  void aWildcardListenerOwnsEveryHostAddressOnItsPort() throws Exception {
    ListeningSockets sockets =
        ListeningSockets.bind(List.of(), 0, true, false, OptionalInt.empty());
    try {
      int udp = port(sockets.udp().get(0));
      assertThat(sockets.tcp()).isEmpty();
      assertThat(sockets.ownAddresses(List.of()))
          .contains(new InetSocketAddress(LOOPBACK, udp))
          .allMatch(own -> own.getPort() == udp && !own.getAddress().isAnyLocalAddress())
          .hasSameSizeAs(HostAddresses.all().stream().distinct().toList());
    } finally {
      close(sockets);
    }
  }

  @Test
  void relayAddressesDefaultToTheConcreteListeningIps() throws Exception {
    InetAddress wildcard = new InetSocketAddress(0).getAddress();
    assertThat(HostAddresses.defaultRelayIps(List.of(wildcard, LOOPBACK)))
        .containsExactly(LOOPBACK);
    assertThat(HostAddresses.defaultRelayIps(List.of(wildcard)))
        .isNotEmpty()
        .noneMatch(InetAddress::isAnyLocalAddress);
  }

  private static int port(NetworkChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private static void close(ListeningSockets sockets) throws IOException {
    List<Closeable> all = new ArrayList<>(sockets.udp());
    all.addAll(sockets.tcp());
    all.addAll(sockets.tls());
    for (Closeable channel : all) {
      channel.close();
    }
  }
}
