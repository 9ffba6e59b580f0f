package org.medirelay.turn.control;

import org.medirelay.turn.config.TurnConfig;
import org.medirelay.turn.stun.LifetimeAttribute;
import org.medirelay.turn.stun.StunMessage;

/**
 * RFC 8656 §7.2 and §7.3: a requested LIFETIME above the default is granted up to the maximum;
 * anything else gets the default. Zero in a Refresh means delete, which the Refresh handler checks
 * first.
 */
final class Lifetimes {

  private Lifetimes() {}

  static long granted(StunMessage request, TurnConfig config) {
    long requested =
        request.get(LifetimeAttribute.class).map(LifetimeAttribute::seconds).orElse(0L);
    return requested > config.defaultAllocateLifetime()
        ? Math.min(requested, config.maxAllocateLifetime())
        : config.defaultAllocateLifetime();
  }
}
