package org.medirelay.turn.control;

import java.util.Optional;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.LifetimeAttribute;
import org.medirelay.turn.stun.RequestedAddressFamilyAttribute;
import org.medirelay.turn.stun.StunMessage;

/** Refresh (RFC 8656 §7.3): extends the allocation's lifetime, or deletes it with LIFETIME 0. */
final class RefreshHandler {

  private final AllocationLifecycle lifecycle;

  RefreshHandler(AllocationLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** Handles a request on {@code allocation}, which the processor found live. */
  Reply handle(StunMessage request, Allocation allocation) {
    Optional<RequestedAddressFamilyAttribute> family =
        request.get(RequestedAddressFamilyAttribute.class);
    int relayBytes = allocation.relayedAddress().getAddress().getAddress().length;
    if (family.isPresent() && family.get().family() != (relayBytes == 4 ? 1 : 2)) {
      return Reply.error(ErrorCodeAttribute.PEER_ADDRESS_FAMILY_MISMATCH);
    }
    Optional<LifetimeAttribute> requested = request.get(LifetimeAttribute.class);
    if (requested.isPresent() && requested.get().seconds() == 0) {
      lifecycle.delete(allocation);
      return Reply.success(new LifetimeAttribute(0));
    }
    long lifetime = Lifetimes.granted(request, lifecycle.config);
    allocation.expiresAt(lifecycle.now() + lifetime * 1000);
    return Reply.success(new LifetimeAttribute(lifetime));
  }
}
