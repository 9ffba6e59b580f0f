package org.medirelay.turn.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.metrics.TurnMetrics;

/**
 * The last step of both client-to-peer stages ({@link ChannelDataToPeer}, {@link
 * SendIndicationToPeer}): the data goes out of the allocation's relay socket and is counted, or
 * counted as dropped when the socket buffer is full, as UDP would lose it.
 */
final class PeerSender {

  private final TurnMetrics metrics;

  PeerSender(TurnMetrics metrics) {
    this.metrics = metrics;
  }

  /** Sends the bytes from {@code data}'s position to its limit to {@code peer}. */
  void send(Allocation allocation, ByteBuffer data, InetSocketAddress peer) throws IOException {
    int length = data.remaining();
    if (allocation.sendToPeer(data, peer)) {
      metrics.packetsToPeers.increment();
      metrics.bytesToPeers.add(length);
    } else {
      metrics.droppedPackets.increment();
    }
  }
}
