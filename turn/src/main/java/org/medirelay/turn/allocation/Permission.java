package org.medirelay.turn.allocation;

import java.net.InetAddress;

/**
 * Permission for one peer IP address on an allocation (RFC 8656 §9): any port of that IP, until it
 * expires.
 */
public final class Permission {

  final InetAddress address;
  long expiresAt;

  Permission(InetAddress address, long expiresAt) {
    this.address = address;
    this.expiresAt = expiresAt;
  }

  public boolean isLive(long now) {
    return now < expiresAt;
  }
}
