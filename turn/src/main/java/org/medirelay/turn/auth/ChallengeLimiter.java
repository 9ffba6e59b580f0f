package org.medirelay.turn.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Whether the server may answer 401 or 438 to a source. These answers go to whatever address a
 * datagram claims, so they are limited (a TURN server must not become a reflector), yet a limit per
 * address alone let one host flood away the nonces of everyone behind the same NAT. An answer takes
 * a token from two budgets:
 *
 * <pre>
 *   source address  (--unauthorized-rate a second, twice that at once; shared by all its ports)
 *     └─ source port   its fair share: {@link #SHARE_BURST} at once, {@link #SHARE_PER_SECOND} more a second
 * </pre>
 *
 * A well-behaved client needs one 401 per allocation and a 438 every few minutes, well inside its
 * share. A host flooding from a few ports is held to their shares and leaves the address's budget
 * to its neighbours; to drain it, it must flood from more ports than the address's rate, which is
 * what many clients behind one address look like, and what a spoofer does: the address's budget
 * then still bounds what is reflected to it. Used from the event loop only.
 */
public final class ChallengeLimiter {

  static final double SHARE_BURST = 4;
  static final double SHARE_PER_SECOND = 1;

  private final SourceRateLimiter<InetAddress> perAddress;
  private final SourceRateLimiter<InetSocketAddress> perPort;

  /**
   * @param perSecond the address's budget ({@code --unauthorized-rate})
   */
  public ChallengeLimiter(double perSecond) {
    this.perAddress = new SourceRateLimiter<>(perSecond, 2 * perSecond);
    this.perPort =
        new SourceRateLimiter<>(
            Math.min(SHARE_PER_SECOND, perSecond), Math.min(SHARE_BURST, 2 * perSecond));
  }

  /** Takes a token for an answer to {@code source}; false when the answer must be dropped. */
  public boolean tryAcquire(InetSocketAddress source, long nowMillis) {
    return perPort.tryAcquire(source, nowMillis)
        && perAddress.tryAcquire(source.getAddress(), nowMillis);
  }

  /** Forgets sources whose budgets have refilled; called by the periodic sweep. */
  public void evictFull(long nowMillis) {
    perPort.evictFull(nowMillis);
    perAddress.evictFull(nowMillis);
  }
}
