package org.medirelay.turn.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.ClientLink;

/**
 * The first stage of the packet pipeline, where listeners and connections hand every client frame.
 */
@FunctionalInterface
public interface PacketSink {

  /**
   * Handles the frame at {@code buf[offset, offset+length)}; may move the buffer's position and
   * limit.
   */
  void dispatch(ByteBuffer buf, int offset, int length, ClientLink link) throws IOException;
}
