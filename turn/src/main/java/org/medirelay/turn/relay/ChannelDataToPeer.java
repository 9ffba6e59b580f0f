package org.medirelay.turn.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ChannelBinding;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.stun.ChannelDataFrame;

/**
 * Stage: a client's ChannelData goes to the peer bound to its channel (RFC 8656 §12.5). Checks the
 * length (a frame shorter than its header says, or longer than its data plus 3 bytes of padding, is
 * dropped as malformed), the channel, the permission and the bandwidth cap, then sends the data
 * straight from the receive buffer.
 */
public final class ChannelDataToPeer {

  private final EventLoop loop;
  private final TurnMetrics metrics;
  private final PeerSender toPeer;

  public ChannelDataToPeer(EventLoop loop, TurnMetrics metrics) {
    this.loop = loop;
    this.metrics = metrics;
    this.toPeer = new PeerSender(metrics);
  }

  public void relay(ByteBuffer buf, int offset, int length, ClientLink link) throws IOException {
    if (length < ChannelDataFrame.HEADER) {
      metrics.malformedPackets.increment();
      return;
    }
    int dataLength = ChannelDataFrame.dataLength(buf, offset);
    int extra = length - ChannelDataFrame.HEADER - dataLength;
    if (extra < 0 || extra > 3) {
      metrics.malformedPackets.increment();
      return;
    }
    long now = loop.now();
    Allocation allocation = link.allocation();
    ChannelBinding channel =
        allocation == null || !allocation.isLive(now)
            ? null
            : allocation.channel(ChannelDataFrame.channel(buf, offset), now);
    if (channel == null
        || !channel.peer().permission().isLive(now)
        || !allocation.tryConsumeBandwidth(dataLength, now)) {
      metrics.droppedPackets.increment();
      return;
    }
    buf.limit(offset + ChannelDataFrame.HEADER + dataLength)
        .position(offset + ChannelDataFrame.HEADER);
    toPeer.send(allocation, buf, channel.peer().address());
  }
}
