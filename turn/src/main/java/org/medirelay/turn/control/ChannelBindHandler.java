package org.medirelay.turn.control;

import java.util.Optional;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ChannelNumberAttribute;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.StunAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * ChannelBind (RFC 8656 §11.2): binds a channel number in 0x4000–0x4FFF to one peer and refreshes
 * its permission.
 */
final class ChannelBindHandler {

  private final AllocationLifecycle lifecycle;

  ChannelBindHandler(AllocationLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Handles a request on {@code allocation}, which the processor found live. */
  Reply handle(StunMessage request, Allocation allocation) {
    long now = lifecycle.now();
    Optional<ChannelNumberAttribute> channel = request.get(ChannelNumberAttribute.class);
    Optional<StunAttribute> peer = request.get(AttributeType.XOR_PEER_ADDRESS);
    if (channel.isEmpty() || !channel.get().isValid() || peer.isEmpty()) {
      return Reply.error(ErrorCodeAttribute.BAD_REQUEST);
    }
    XorAddressAttribute peerAddress = (XorAddressAttribute) peer.get();
    int error = PeerChecks.check(lifecycle, allocation, peerAddress);
    if (error != 0) {
      return Reply.error(error);
    }
    Allocation.BindResult result =
        allocation.bindChannel(
            channel.get().channel(),
            peerAddress.socketAddress(),
            now,
            lifecycle.config.channelLifetime() * 1000,
            lifecycle.config.permissionLifetime() * 1000);
    return switch (result) {
      case BOUND -> Reply.success();
      case TOO_MANY_PERMISSIONS -> Reply.error(ErrorCodeAttribute.INSUFFICIENT_CAPACITY);
      default -> Reply.error(ErrorCodeAttribute.BAD_REQUEST);
    };
  }
}
