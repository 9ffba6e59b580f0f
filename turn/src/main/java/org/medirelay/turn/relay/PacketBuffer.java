package org.medirelay.turn.relay;

import java.nio.ByteBuffer;
import org.medirelay.turn.stun.DataIndicationWriter;

/**
 * The event loop's one receive buffer for datagrams, direct so the JDK copies nothing on receive or
 * send. Datagrams land at {@link #HEADROOM}, leaving room to put a Data indication or ChannelData
 * header in front of the payload without moving it, and 3 spare bytes after for padding. Owned by
 * the loop thread; a stage may move position and limit, and every receive starts with {@link
 * #forReceive()}.
 */
public final class PacketBuffer {

  public static final int HEADROOM = DataIndicationWriter.MAX_HEADER;
  private static final int MAX_DATAGRAM = 65_535;

  private final ByteBuffer buffer = ByteBuffer.allocateDirect(HEADROOM + MAX_DATAGRAM + 4);

  /**
   * The buffer cleared, whole capacity, for a TCP connection's read (stream frames need no
   * headroom).
   */
  public ByteBuffer forStream() {
    return buffer.clear();
  }

  /**
   * The buffer cleared, positioned at the headroom and limited so padding always fits after a
   * datagram.
   */
  public ByteBuffer forReceive() {
    buffer.clear();
    buffer.limit(HEADROOM + MAX_DATAGRAM);
    buffer.position(HEADROOM);
    return buffer;
  }
}
