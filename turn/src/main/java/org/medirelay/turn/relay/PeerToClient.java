package org.medirelay.turn.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ChannelBinding;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.allocation.PeerEndpoint;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.net.EventLoop;
import org.medirelay.turn.stun.ChannelDataFrame;
import org.medirelay.turn.stun.DataIndicationWriter;

/**
 * Stage: datagrams a peer sends to a relay socket go to the client (RFC 8656 §11.6, §12.6): dropped
 * without a live permission for the peer's IP or over the bandwidth cap; framed in place as
 * ChannelData when a channel is bound (padded on TCP/TLS), else as a Data indication. One datagram
 * per readiness event: a relay socket carries one call's media (tens of packets a second), so
 * draining it would mostly cost an extra receive that finds nothing; the level-triggered selector
 * reports the socket again while datagrams wait.
 */
public final class PeerToClient {

  private final EventLoop loop;
  private final TurnMetrics metrics;
  private final PacketBuffer packets;
  private final DataIndicationWriter dataIndication = new DataIndicationWriter();

  public PeerToClient(EventLoop loop, TurnMetrics metrics, PacketBuffer packets) {
    this.loop = loop;
    this.metrics = metrics;
    this.packets = packets;
  }

  public void onReadable(Allocation allocation) throws IOException {
    ByteBuffer buf = packets.forReceive();
    InetSocketAddress source = (InetSocketAddress) allocation.relayChannel().receive(buf);
    if (source == null) {
      return;
    }
    int dataLength = buf.position() - PacketBuffer.HEADROOM;
    long now = loop.now();
    PeerEndpoint peer = allocation.isLive(now) ? allocation.endpointFor(source, now) : null;
    if (peer == null || !allocation.tryConsumeBandwidth(dataLength, now)) {
      metrics.droppedPackets.increment();
      return;
    }
    ClientLink client = allocation.client();
    ChannelBinding channel = peer.channel();
    if (channel != null && channel.isLive(now)) {
      ChannelDataFrame.frame(
          buf, PacketBuffer.HEADROOM, dataLength, channel.number(), client.isStream());
    } else {
      dataIndication.frame(
          buf, PacketBuffer.HEADROOM, dataLength, peer.rawAddressView(), peer.port());
    }
    client.send(buf);
    metrics.packetsToClients.increment();
    metrics.bytesToClients.add(dataLength);
  }
}
