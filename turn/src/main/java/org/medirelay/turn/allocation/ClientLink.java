package org.medirelay.turn.allocation;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The server's side of one client's 5-tuple: a UDP source address on a listener, or one TCP/TLS
 * connection. At most one allocation hangs off it (RFC 8656 §2.2).
 *
 * <p>Declared here, beside {@link Allocation}, because it is what an allocation needs of its
 * client; the network layer implements it. So the dependency points one way: {@code net} knows
 * allocations, and nothing in this package knows the sockets that serve it.
 */
public interface ClientLink {

  /**
   * Sends one STUN or ChannelData frame, the bytes from the buffer's position to its limit. Stream
   * links copy what the socket does not take at once; when their queue is full the frame is
   * dropped, as UDP would.
   */
  void send(ByteBuffer frame);

  /** True for TCP and TLS, where ChannelData must be padded to a multiple of 4 bytes. */
  boolean isStream();

  InetSocketAddress remoteAddress();

  /** The allocation on this 5-tuple, or null. */
  Allocation allocation();

  /** Attaches the allocation to this link, or detaches it with null. */
  void attach(Allocation allocation);
}
