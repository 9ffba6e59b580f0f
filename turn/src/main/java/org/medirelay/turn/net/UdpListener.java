package org.medirelay.turn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.log.ThrottledLog;
import org.medirelay.turn.stun.ChannelDataFrame;

/**
 * The UDP listener: reads datagrams into the loop's buffer and hands them to the pipeline with the
 * sender's link. Links exist only for clients with an allocation, so a known client costs a map
 * lookup and nothing else.
 */
public final class UdpListener implements EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());
  private static final int BATCH = 64;

  private final DatagramChannel channel;
  private final Supplier<ByteBuffer> receiveBuffer;
  private final PacketSink sink;
  private final Map<InetSocketAddress, UdpClientLink> links = new HashMap<>();
  private final ThrottledLog log;

  public UdpListener(
      DatagramChannel channel, Supplier<ByteBuffer> receiveBuffer, PacketSink sink, Clock clock) {
    this.log = new ThrottledLog(LOG, clock);
    this.channel = channel;
    this.receiveBuffer = receiveBuffer;
    this.sink = sink;
  }

  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  @Override
  public void onReady(SelectionKey key) throws IOException {
    for (int i = 0; i < BATCH; i++) {
      ByteBuffer buf = receiveBuffer.get();
      int start = buf.position();
      InetSocketAddress source = (InetSocketAddress) channel.receive(buf);
      if (source == null) {
        return;
      }
      int length = buf.position() - start;
      UdpClientLink link = links.get(source);
      if (link == null) {
        if (length > 0 && ChannelDataFrame.isChannelData(buf.get(start) & 0xFF)) {
          continue; // ChannelData from a client without an allocation: nothing to relay.
        }
        link = new UdpClientLink(this, source);
      }
      sink.dispatch(buf, start, length, link);
    }
  }

  @Override
  public void onFailure(SelectionKey key, IOException error) {
    log.log(Level.WARNING, "receive", () -> "UDP listener error; continuing", error);
  }

  void send(ByteBuffer frame, InetSocketAddress to) {
    try {
      channel.send(frame, to);
    } catch (IOException e) {
      LOG.log(Level.FINE, "UDP send to " + to + " failed", e);
    }
  }

  void track(UdpClientLink link, Allocation allocation) {
    if (allocation == null) {
      links.remove(link.remoteAddress(), link);
    } else {
      links.put(link.remoteAddress(), link);
    }
  }

  /** One client's UDP 5-tuple on this listener. */
  static final class UdpClientLink implements ClientLink {
    private final UdpListener listener;
    private final InetSocketAddress remote;
    private Allocation allocation;

    UdpClientLink(UdpListener listener, InetSocketAddress remote) {
      this.listener = listener;
      this.remote = remote;
    }

    @Override
    public void send(ByteBuffer frame) {
      listener.send(frame, remote);
    }

    @Override
    public boolean isStream() {
      return false;
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return remote;
    }

    @Override
    public Allocation allocation() {
      return allocation;
    }

    @Override
    public void attach(Allocation allocation) {
      this.allocation = allocation;
      listener.track(this, allocation);
    }
  }
}
