package org.medirelay.turn.peer;

import java.util.List;

/**
 * The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), plus
 * multicast. A TURN server that relays to these lets a client reach the server's own host, its LAN
 * or its cloud metadata service, so none of them is a peer by default. The forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4) are not listed here: {@link EmbeddedIpv4} unwraps them
 * and the embedded address is judged instead.
 */
final class SpecialPurposeAddresses {

  static final IpRange IPV4_LOOPBACK = IpRange.parse("127.0.0.0/8");
  static final IpRange IPV6_LOOPBACK = IpRange.parse("::1/128");

  static final List<IpRange> IPV4 =
      List.of(
          IpRange.parse("0.0.0.0/8"), // "this network"
          IpRange.parse("10.0.0.0/8"), // private
          IpRange.parse("100.64.0.0/10"), // shared address space (CGNAT)
          IPV4_LOOPBACK,
          IpRange.parse("169.254.0.0/16"), // link-local, cloud metadata services
          IpRange.parse("172.16.0.0/12"), // private
          IpRange.parse("192.0.0.0/24"), // IETF protocol assignments
          IpRange.parse("192.0.2.0/24"), // TEST-NET-1
          IpRange.parse("192.31.196.0/24"), // AS112-v4
          IpRange.parse("192.52.193.0/24"), // AMT
          IpRange.parse("192.88.99.0/24"), // deprecated 6to4 relay anycast
          IpRange.parse("192.168.0.0/16"), // private
          IpRange.parse("192.175.48.0/24"), // direct delegation AS112 service
          IpRange.parse("198.18.0.0/15"), // benchmarking
          IpRange.parse("198.51.100.0/24"), // TEST-NET-2
          IpRange.parse("203.0.113.0/24"), // TEST-NET-3
          IpRange.parse("224.0.0.0/4"), // multicast
          IpRange.parse("240.0.0.0/4")); // reserved, including 255.255.255.255 broadcast

  static final List<IpRange> IPV6 =
      List.of(
          IpRange.parse("::/128"), // unspecified
          IPV6_LOOPBACK,
          IpRange.parse("64:ff9b:1::/48"), // local-use IPv4/IPv6 translation
          IpRange.parse("100::/64"), // discard-only
          IpRange.parse("100:0:0:1::/64"), // dummy prefix
          IpRange.parse("2001::/23"), // IETF protocol assignments, Teredo among them
          IpRange.parse("2001:db8::/32"), // documentation
          IpRange.parse("3fff::/20"), // documentation
          IpRange.parse("5f00::/16"), // segment routing SIDs
          IpRange.parse("fc00::/7"), // unique local
          IpRange.parse("fe80::/10"), // link-local
          IpRange.parse("fec0::/10"), // deprecated site-local
          IpRange.parse("ff00::/8")); // multicast

  private SpecialPurposeAddresses() {}
}
