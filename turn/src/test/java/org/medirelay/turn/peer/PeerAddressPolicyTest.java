package org.medirelay.turn.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medirelay.turn.peer.PeerAddressPolicy.Verdict;

class PeerAddressPolicyTest {

  private final PeerAddressPolicy defaults =
      new PeerAddressPolicy(List.of(), List.of(), false, Set.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.0.9",
        "0.0.0.0",
        "0.1.2.3",
        "10.1.2.3",
        "100.64.0.1",
        "169.254.169.254",
        "172.16.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.88.99.1",
        "192.168.1.1",
        "198.18.0.1",
        "198.51.100.2",
        "203.0.113.9",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "2001:db8::1",
        "2001::1",
        "100::1",
        "64:ff9b:1::1",
        "fec0::1",
        "3fff::1",
        "5f00::1",
        // Embedded IPv4 forms of forbidden addresses (CVE-2020-26262 class).
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::5",
        "::0.0.1.0",
        "::127.0.0.1",
        "::10.0.0.1",
        "64:ff9b::7f00:1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::",
        "2002:c0a8:101::1",
        "::ffff:169.254.169.254",
        // IPv4-translated (RFC 2765 SIIT): ::ffff:0:a.b.c.d.
        "::ffff:0:127.0.0.1",
        "::ffff:0:a9fe:a9fe",
        "::ffff:0:10.0.0.1",
        "::ffff:0:0.0.0.0"
      })
  void specialPurposeAddressesAreDeniedByDefault(String address) throws Exception {
    assertThat(defaults.judge(raw(address), 5000)).isEqualTo(Verdict.SPECIAL_PURPOSE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "93.184.216.34",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "::ffff:0:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::1"
      })
  void publicAddressesAreAllowed(String address) throws Exception {
    assertThat(defaults.judge(raw(address), 5000)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void loopbackIsAllowedOnlyWithTheFlagAndAlsoInWrappedForms() throws Exception {
    PeerAddressPolicy loopback = new PeerAddressPolicy(List.of(), List.of(), true, Set.of());

    assertThat(loopback.judge(raw("127.0.0.1"), 9)).isEqualTo(Verdict.ALLOWED);
    assertThat(loopback.judge(raw("::1"), 9)).isEqualTo(Verdict.ALLOWED);
    assertThat(defaults.judge(raw("::1"), 9)).isEqualTo(Verdict.SPECIAL_PURPOSE);
    assertThat(loopback.judge(raw("::ffff:127.0.0.1"), 9)).isEqualTo(Verdict.ALLOWED);
    assertThat(loopback.judge(raw("10.0.0.1"), 9)).isEqualTo(Verdict.SPECIAL_PURPOSE);
  }

  @Test
  void theAllowListOpensPrivateRangesForMediaNodesAndBeatsTheDenyList() throws Exception {
    PeerAddressPolicy clinic =
        new PeerAddressPolicy(
            List.of(IpRange.parse("192.168.10.20-192.168.10.29")),
            List.of(IpRange.parse("192.168.0.0/16"), IpRange.parse("8.8.4.0/24")),
            false,
            Set.of());

    assertThat(clinic.judge(raw("192.168.10.25"), 10000)).isEqualTo(Verdict.ALLOWED);
    assertThat(clinic.judge(raw("::ffff:192.168.10.25"), 10000)).isEqualTo(Verdict.ALLOWED);
    assertThat(clinic.judge(raw("192.168.10.30"), 10000)).isEqualTo(Verdict.DENIED_BY_CONFIG);
    assertThat(clinic.judge(raw("8.8.4.4"), 53)).isEqualTo(Verdict.DENIED_BY_CONFIG);
    assertThat(clinic.judge(raw("2002:808:404::"), 53)).isEqualTo(Verdict.DENIED_BY_CONFIG);
  }

  @Test
  void theServersOwnListeningAddressesAreNeverPeers() throws Exception {
    PeerAddressPolicy own =
        new PeerAddressPolicy(
            List.of(IpRange.parse("0.0.0.0/0")),
            List.of(),
            true,
            Set.of(new InetSocketAddress("127.0.0.1", 3478)));

    assertThat(own.judge(raw("127.0.0.1"), 3478)).isEqualTo(Verdict.OWN_ADDRESS);
    assertThat(own.judge(raw("::ffff:127.0.0.1"), 3478)).isEqualTo(Verdict.OWN_ADDRESS);
    assertThat(own.judge(raw("127.0.0.1"), 3479)).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void rangesParseCidrAndCoturnDashForms() {
    assertThat(IpRange.parse("10.0.0.0/8").contains(new byte[] {10, (byte) 255, 0, 1})).isTrue();
    assertThat(IpRange.parse("10.0.0.1-10.0.0.3").contains(new byte[] {10, 0, 0, 4})).isFalse();
    assertThat(IpRange.parse("fc00::/7").contains(new byte[16])).isFalse();
  }

  /**
   * The bytes as a client would send them: IPv6 literals stay 16 bytes even when Java would fold
   * them to IPv4.
   */
  static byte[] raw(String literal) throws Exception {
    byte[] bytes = InetAddress.getByName(literal).getAddress();
    if (literal.contains(":") && bytes.length == 4) {
      byte[] mapped = new byte[16];
      mapped[10] = (byte) 0xFF;
      mapped[11] = (byte) 0xFF;
      System.arraycopy(bytes, 0, mapped, 12, 4);
      return mapped;
    }
    return bytes;
  }
}
