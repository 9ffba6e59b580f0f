package org.medirelay.turn.peer;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Decides whether an allocation may relay to a peer address (RFC 8656 §21, "Security
 * Considerations").
 *
 * <p>Order: the server's own listening transport addresses are always refused; an address in the
 * allow list ({@code --allowed-peer-ip}, e.g. media nodes on a clinic's private LAN) is accepted;
 * one in the deny list ({@code --denied-peer-ip}) is refused; then every IANA special-purpose range
 * and multicast is refused, loopback only with {@code --allow-loopback-peers}. IPv6 forms that
 * embed an IPv4 address are judged by the embedded address, for the lists too.
 */
public final class PeerAddressPolicy {

  /** Why a peer was refused, for the log and the metrics. */
  public enum Verdict {
    ALLOWED("allowed"),
    OWN_ADDRESS("it is one of the server's own addresses and ports"),
    DENIED_BY_CONFIG("it is in a --denied-peer-ip range"),
    SPECIAL_PURPOSE(
        "it is a special-purpose address (loopback, private, link-local, ...);"
            + " --allowed-peer-ip allows it");

    private final String reason;

    Verdict(String reason) {
      this.reason = reason;
    }

    /** Why, in words for the log. */
    public String reason() {
      return reason;
    }
  }

  private final List<IpRange> allowed;
  private final List<IpRange> denied;
  private final boolean allowLoopback;
  private final Set<InetSocketAddress> ownAddresses;

  /**
   * @param ownAddresses the server's listening transport addresses with concrete IPs (a wildcard
   *     listener contributes each local interface address with its port)
   */
  public PeerAddressPolicy(
      List<IpRange> allowed,
      List<IpRange> denied,
      boolean allowLoopback,
      Set<InetSocketAddress> ownAddresses) {
    this.allowed = List.copyOf(allowed);
    this.denied = List.copyOf(denied);
    this.allowLoopback = allowLoopback;
    this.ownAddresses = Set.copyOf(ownAddresses);
  }

  /** Judges the address as the client sent it (4 or 16 bytes) and the port. */
  public Verdict judge(byte[] rawAddress, int port) {
    byte[] judged = rawAddress;
    if (rawAddress.length == 16) {
      byte[] v4 = EmbeddedIpv4.of(rawAddress);
      if (v4 != null) {
        judged = v4;
      }
    }
    if (isOwn(rawAddress, judged, port)) {
      return Verdict.OWN_ADDRESS;
    }
    if (inAny(allowed, rawAddress, judged)) {
      return Verdict.ALLOWED;
    }
    if (inAny(denied, rawAddress, judged)) {
      return Verdict.DENIED_BY_CONFIG;
    }
    boolean loopback =
        SpecialPurposeAddresses.IPV4_LOOPBACK.contains(judged)
            || SpecialPurposeAddresses.IPV6_LOOPBACK.contains(judged);
    if (loopback) {
      return allowLoopback ? Verdict.ALLOWED : Verdict.SPECIAL_PURPOSE;
    }
    List<IpRange> special =
        judged.length == 4 ? SpecialPurposeAddresses.IPV4 : SpecialPurposeAddresses.IPV6;
    return inAny(special, judged, judged) ? Verdict.SPECIAL_PURPOSE : Verdict.ALLOWED;
  }

  private boolean isOwn(byte[] raw, byte[] judged, int port) {
    for (InetSocketAddress own : ownAddresses) {
      if (own.getPort() == port) {
        byte[] ownBytes = own.getAddress().getAddress();
        if (Arrays.equals(ownBytes, raw) || Arrays.equals(ownBytes, judged)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inAny(List<IpRange> ranges, byte[] raw, byte[] judged) {
    for (IpRange r : ranges) {
      if (r.contains(judged) || r.contains(raw)) {
        return true;
      }
    }
    return false;
  }
}
