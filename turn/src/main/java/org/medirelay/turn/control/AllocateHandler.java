package org.medirelay.turn.control;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.AllocationRegistry;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.log.ThrottledLog;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.DontFragmentAttribute;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.EvenPortAttribute;
import org.medirelay.turn.stun.LifetimeAttribute;
import org.medirelay.turn.stun.RequestedAddressFamilyAttribute;
import org.medirelay.turn.stun.RequestedTransportAttribute;
import org.medirelay.turn.stun.ReservationTokenAttribute;
import org.medirelay.turn.stun.StunAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * Allocate (RFC 8656 §7.2): UDP relays on IPv4 or IPv6, EVEN-PORT with reservations, quotas,
 * lifetimes.
 */
final class AllocateHandler {

  private final AllocationLifecycle lifecycle;

  AllocateHandler(AllocationLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  Reply handle(StunMessage request, ClientLink link, String username) {
    if (link.allocation() != null) {
      return Reply.error(ErrorCodeAttribute.ALLOCATION_MISMATCH);
    }
    Optional<RequestedTransportAttribute> transport =
        request.get(RequestedTransportAttribute.class);
    if (transport.isEmpty()) {
      return Reply.error(ErrorCodeAttribute.BAD_REQUEST);
    }
    if (transport.get().protocol() != RequestedTransportAttribute.UDP) {
      return Reply.error(ErrorCodeAttribute.UNSUPPORTED_TRANSPORT_PROTOCOL);
    }
    Optional<EvenPortAttribute> evenPort = request.get(EvenPortAttribute.class);
    Optional<ReservationTokenAttribute> token = request.get(ReservationTokenAttribute.class);
    Optional<RequestedAddressFamilyAttribute> family =
        request.get(RequestedAddressFamilyAttribute.class);
    if (token.isPresent() && (evenPort.isPresent() || family.isPresent())) {
      return Reply.error(ErrorCodeAttribute.BAD_REQUEST);
    }
    int addressBytes = 4;
    if (family.isPresent()) {
      int f = family.get().family();
      if (f != XorAddressAttribute.FAMILY_IPV4 && f != XorAddressAttribute.FAMILY_IPV6) {
        return Reply.error(ErrorCodeAttribute.ADDRESS_FAMILY_NOT_SUPPORTED);
      }
      addressBytes = f == XorAddressAttribute.FAMILY_IPV4 ? 4 : 16;
    }
    InetAddress relayIp = lifecycle.relayIp(addressBytes);
    if (relayIp == null && token.isEmpty()) {
      return Reply.error(ErrorCodeAttribute.ADDRESS_FAMILY_NOT_SUPPORTED);
    }
    AllocationRegistry.Refusal quota =
        lifecycle.registry.refusal(username, link.remoteAddress().getAddress());
    if (quota != null) {
      lifecycle.metrics.allocationsRefused.get(quota.name().toLowerCase(Locale.ROOT)).increment();
      refused(
          link, username, quota.option() + " " + lifecycle.registry.limit(quota) + " reached", 486);
      return Reply.error(ErrorCodeAttribute.ALLOCATION_QUOTA_REACHED);
    }
    boolean dontFragment = request.get(DontFragmentAttribute.class).isPresent();
    long now = lifecycle.now();
    long[] reserved = new long[1];
    DatagramChannel relay;
    if (token.isPresent()) {
      relay = lifecycle.ports.claim(token.get().token(), now);
    } else if (evenPort.isPresent()) {
      relay =
          lifecycle.ports.bindEven(
              relayIp, evenPort.get().reserveNext(), dontFragment, now, reserved);
    } else {
      relay = lifecycle.ports.bind(relayIp, dontFragment);
    }
    if (relay == null) {
      lifecycle.metrics.allocationsRefused.get("no_relay_port").increment();
      refused(link, username, "no relay port free in --min-port..--max-port", 508);
      return Reply.error(ErrorCodeAttribute.INSUFFICIENT_CAPACITY);
    }
    long lifetime = Lifetimes.granted(request, lifecycle.config);
    Allocation allocation;
    try {
      InetSocketAddress bound = (InetSocketAddress) relay.getLocalAddress();
      allocation =
          new Allocation(
              username,
              link,
              relay,
              lifecycle.advertised(bound),
              lifecycle.config.maxPermissionsPerAllocation(),
              lifecycle.config.maxBps(),
              now);
      allocation.expiresAt(now + lifetime * 1000);
      lifecycle.activate(allocation);
    } catch (IOException e) {
      try {
        relay.close();
      } catch (IOException ignored) {
        // The socket is being abandoned anyway.
      }
      return Reply.error(ErrorCodeAttribute.INSUFFICIENT_CAPACITY);
    }
    List<StunAttribute> attributes = new ArrayList<>();
    attributes.add(
        XorAddressAttribute.of(AttributeType.XOR_RELAYED_ADDRESS, allocation.relayedAddress()));
    attributes.add(new LifetimeAttribute(lifetime));
    if (reserved[0] != 0) {
      attributes.add(new ReservationTokenAttribute(reserved[0]));
    }
    attributes.add(XorAddressAttribute.of(AttributeType.XOR_MAPPED_ADDRESS, link.remoteAddress()));
    return Reply.success(attributes);
  }

  private void refused(ClientLink link, String username, String why, int code) {
    lifecycle.log.log(
        Level.INFO,
        "allocation-" + code,
        () ->
            "allocation refused for '"
                + ThrottledLog.printable(username)
                + "' from "
                + ThrottledLog.address(link.remoteAddress())
                + ": "
                + why
                + " (answered "
                + code
                + ")");
  }
}
