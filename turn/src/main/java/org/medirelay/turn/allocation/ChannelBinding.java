package org.medirelay.turn.allocation;

/**
 * A channel number bound to one peer transport address (RFC 8656 §12), refreshed by a new
 * ChannelBind.
 */
public final class ChannelBinding {

  final int number;
  final PeerEndpoint peer;
  long expiresAt;

  ChannelBinding(int number, PeerEndpoint peer, long expiresAt) {
    this.number = number;
    this.peer = peer;
    this.expiresAt = expiresAt;
  }

  public int number() {
    return number;
  }

  public PeerEndpoint peer() {
    return peer;
  }

  public boolean isLive(long now) {
    return now < expiresAt;
  }
}
