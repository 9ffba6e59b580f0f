package org.medirelay.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @Test
  void ipv4LiteralsAreFourDecimalOctets() {
    assertThat(bytes("192.0.2.1")).isEqualTo("c0000201");
    assertThat(bytes("0.0.0.0")).isEqualTo("00000000");
    assertThat(bytes("255.255.255.255")).isEqualTo("ffffffff");
    assertThat(bytes("10.0.100.9")).isEqualTo("0a006409");
    assertThat(IpLiterals.parse("203.0.113.7")).get().isInstanceOf(Inet4Address.class);
  }

  @Test
  void ipv6LiteralsInEveryForm() {
    assertThat(bytes("2001:0db8:0000:0000:0000:ff00:0042:8329"))
        .isEqualTo("20010db8000000000000ff0000428329");
    assertThat(bytes("2001:db8::ff00:42:8329")).isEqualTo("20010db8000000000000ff0000428329");
    assertThat(bytes("2001:DB8::A")).isEqualTo("20010db800000000000000000000000a");
    assertThat(bytes("::")).isEqualTo("00000000000000000000000000000000");
    assertThat(bytes("::1")).isEqualTo("00000000000000000000000000000001");
    assertThat(bytes("fe80::")).isEqualTo("fe800000000000000000000000000000");
    assertThat(bytes("1:2:3:4:5:6:7::")).isEqualTo("00010002000300040005000600070000");
    assertThat(bytes("::2:3:4:5:6:7:8")).isEqualTo("00000002000300040005000600070008");
    assertThat(bytes("1:2:3:4:5:6:192.0.2.1")).isEqualTo("000100020003000400050006c0000201");
    assertThat(bytes("64:ff9b::192.0.2.1")).isEqualTo("0064ff9b0000000000000000c0000201");
    assertThat(bytes("[2001:db8::1]")).isEqualTo("20010db8000000000000000000000001");
    assertThat(IpLiterals.parse("2001:db8::1")).get().isInstanceOf(Inet6Address.class);
  }

  /**
   * As bytes an IPv4-mapped literal stays 16 bytes (a range written in IPv6 stays IPv6); as an
   * InetAddress it is the IPv4 address, as Java represents it.
   */
  @Test
  void ipv4MappedLiterals() throws Exception {
    assertThat(bytes("::ffff:192.0.2.1")).isEqualTo("00000000000000000000ffffc0000201");
    assertThat(bytes("::ffff:c000:201")).isEqualTo("00000000000000000000ffffc0000201");
    assertThat(IpLiterals.parse("::ffff:192.0.2.1"))
        .contains(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}));
    assertThat(IpLiterals.parse("::192.0.2.1")).get().isInstanceOf(Inet6Address.class);
  }

  @Test
  void aNumericZoneIsTheScopeId() {
    InetAddress zoned = IpLiterals.parse("fe80::1%2").orElseThrow();
    assertThat(((Inet6Address) zoned).getScopeId()).isEqualTo(2);
    assertThat(zoned.getAddress())
        .isEqualTo(HexFormat.of().parseHex("fe800000000000000000000000000001"));
    assertThat(IpLiterals.parse("[fe80::1%2]")).contains(zoned);
  }

  @Test
  void zonesAreRefusedWhereTheyHaveNoMeaning() {
    assertThat(IpLiterals.parse("fe80::1%")).isEmpty();
    assertThat(IpLiterals.parse("fe80::1%no-such-interface0")).isEmpty();
    assertThat(IpLiterals.parse("192.0.2.1%2")).isEmpty();
    assertThat(IpLiterals.parseBytes("fe80::1%2")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "cafe",
        "beef.local",
        "192.0.2.1.nip.io",
        "a1b2c3d4-e5f6.local",
        " 192.0.2.1",
        "192.0.2.1 ",
        "256.0.0.1",
        "1.2.3",
        "1.2.3.4.5",
        "127.1",
        "2130706433",
        "010.0.0.1",
        "0x7f.0.0.1",
        "1..2.3",
        "+1.2.3.4",
        "1.2.3.-4",
        "١.٢.٣.٤",
        "[192.0.2.1]",
        "[::1",
        "::1]",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1::2::3",
        ":::",
        ":1::",
        "1::2:",
        "12345::",
        "g::1",
        "::１",
        "::1.2.3",
        "::256.0.0.1",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "1:2:3:4:5:6:7:1.2.3.4",
        "dead:beef"
      })
  void hostNamesAndJunkAreNotLiterals(String text) {
    assertThat(IpLiterals.parse(text)).isEmpty();
    assertThat(IpLiterals.parseBytes(text)).isEmpty();
  }

  private static String bytes(String text) {
    return HexFormat.of().formatHex(IpLiterals.parseBytes(text).orElseThrow());
  }
}
