package org.medirelay.turn.control;

import java.util.List;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.StunAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.XorAddressAttribute;

/** CreatePermission (RFC 8656 §9): all peers acceptable, or none installed. */
final class CreatePermissionHandler {

  private final AllocationLifecycle lifecycle;

  CreatePermissionHandler(AllocationLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Handles a request on {@code allocation}, which the processor found live. */
  Reply handle(StunMessage request, Allocation allocation) {
    long now = lifecycle.now();
    List<StunAttribute> peers = request.getAll(AttributeType.XOR_PEER_ADDRESS);
    if (peers.isEmpty()) {
      return Reply.error(ErrorCodeAttribute.BAD_REQUEST);
    }
    for (StunAttribute peer : peers) {
      int error = PeerChecks.check(lifecycle, allocation, (XorAddressAttribute) peer);
      if (error != 0) {
        return Reply.error(error);
      }
    }
    for (StunAttribute peer : peers) {
      var address = ((XorAddressAttribute) peer).socketAddress().getAddress();
      if (!allocation.installPermission(
          address, now, lifecycle.config.permissionLifetime() * 1000)) {
        return Reply.error(ErrorCodeAttribute.INSUFFICIENT_CAPACITY);
      }
    }
    return Reply.success();
  }
}
