package org.medirelay.turn.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.allocation.PeerEndpoint;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.stun.SendIndicationReader;

/**
 * Stage: a client's Send indication goes to its XOR-PEER-ADDRESS when a permission covers it (RFC
 * 8656 §11.5); otherwise, or when malformed, it is silently discarded as the RFC says. Read in
 * place, sent from the buffer.
 */
public final class SendIndicationToPeer {

  private final EventLoop loop;
  private final TurnMetrics metrics;
  private final PeerSender toPeer;
  private final SendIndicationReader reader = new SendIndicationReader();

  public SendIndicationToPeer(EventLoop loop, TurnMetrics metrics) {
    this.loop = loop;
    this.metrics = metrics;
    this.toPeer = new PeerSender(metrics);
  }

  public void relay(ByteBuffer buf, int offset, int length, ClientLink link) throws IOException {
    if (!reader.read(buf, offset, length)) {
      metrics.malformedPackets.increment();
      return;
    }
    long now = loop.now();
    Allocation allocation = link.allocation();
    PeerEndpoint peer =
        allocation == null || !allocation.isLive(now)
            ? null
            : allocation.endpointFor(
                reader.peerAddress(), reader.peerAddressLength(), reader.peerPort(), now);
    int dataLength = reader.dataLength();
    if (peer == null || !allocation.tryConsumeBandwidth(dataLength, now)) {
      metrics.droppedPackets.increment();
      return;
    }
    buf.limit(reader.dataOffset() + dataLength).position(reader.dataOffset());
    toPeer.send(allocation, buf, peer.address());
  }
}
