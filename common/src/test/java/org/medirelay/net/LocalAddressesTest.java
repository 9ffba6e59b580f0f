package org.medirelay.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LocalAddressesTest {

  @Test
  void theLoopbackInterfaceIsListedUpWithItsAddress() throws Exception {
    NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());

    assertThat(LocalAddresses.list())
        .contains(new LocalAddress(loopback.getName(), true, InetAddress.getLoopbackAddress()));
  }

  @Test
  void everyListedAddressBelongsToTheInterfaceNamed() throws Exception {
    for (LocalAddress local : LocalAddresses.list()) {
      NetworkInterface nic = NetworkInterface.getByName(local.interfaceName());
      assertThat(nic.inetAddresses()).contains(local.address());
    }
  }

  @Test
  void unscopedDropsTheIpv6ScopeAndKeepsTheBytes() throws Exception {
    byte[] linkLocal = HexFormat.of().parseHex("fe800000000000000000000000000001");
    LocalAddress scoped =
        new LocalAddress("eth0", true, Inet6Address.getByAddress(null, linkLocal, 2));

    assertThat(scoped.unscoped()).isEqualTo(InetAddress.getByAddress(linkLocal));
    assertThat(((Inet6Address) scoped.unscoped()).getScopeId()).isZero();
    InetAddress v4 = InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1});
    assertThat(new LocalAddress("eth0", true, v4).unscoped()).isSameAs(v4);
  }
}
