package org.medirelay.turn.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.stun.ChannelDataFrame;

/**
 * The UDP listener: reads datagrams into the loop's buffer and hands them to the pipeline with the sender's link.
 * Links exist only for clients with an allocation, so a known client costs a map lookup and nothing else.
 *
 * <p>A client that gets an allocation also gets its own socket, bound to the listener's address with SO_REUSEPORT
 * and connected to the client (coturn does the same). The kernel then delivers that client's datagrams to it, and
 * the server reads and writes them without socket addresses: no per-packet source address for the JDK to decode
 * (with many clients the shared socket's cached sender never matches), and no route lookup per send. Only for a
 * listener bound to a concrete address (a wildcard one could answer from the wrong source), and only while file
 * descriptors are plentiful: beyond that budget clients stay on the shared socket, which works the same, just
 * slower.
 */
public final class UdpListener implements EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(UdpListener.class.getName());
  private static final int BATCH = 64;

  private final DatagramChannel channel;
  private final EventLoop loop;
  private final Supplier<ByteBuffer> receiveBuffer;
  private final PacketSink sink;
  private final Map<InetSocketAddress, UdpClientLink> links = new HashMap<>();
  private final InetSocketAddress local;
  private final int connectedBudget;
  private final java.util.List<UdpClientLink> closing = new java.util.ArrayList<>();
  private int connected;

  public UdpListener(DatagramChannel channel, EventLoop loop, Supplier<ByteBuffer> receiveBuffer, PacketSink sink)
      throws IOException {
    this.channel = channel;
    this.loop = loop;
    this.receiveBuffer = receiveBuffer;
    this.sink = sink;
    this.local = (InetSocketAddress) channel.getLocalAddress();
    boolean reusePort = channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
        && Boolean.TRUE.equals(channel.getOption(StandardSocketOptions.SO_REUSEPORT));
    this.connectedBudget = reusePort && !local.getAddress().isAnyLocalAddress() ? descriptorBudget() : 0;
  }

  /** Opens the shared listening socket, with SO_REUSEPORT where the platform has it, for per-client sockets. */
  public static DatagramChannel open(InetSocketAddress address) throws IOException {
    DatagramChannel channel = address.getAddress().getAddress().length == 4
        ? DatagramChannel.open(StandardProtocolFamily.INET) // the kernel's IPv4-mapped path costs more per packet
        : DatagramChannel.open();
    try {
      if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)
          && !address.getAddress().isAnyLocalAddress()) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      channel.bind(address);
      channel.configureBlocking(false);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /** A third of the descriptors left after a reserve: each connected client costs one beside its relay socket. */
  private static int descriptorBudget() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return (int) Math.max(0, (unix.getMaxFileDescriptorCount() - 2048) / 3);
    }
    return 0;
  }

  public InetSocketAddress localAddress() {
    return local;
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
    LOG.log(Level.WARNING, "UDP listener error; continuing", error);
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
      if (link.own != null) {
        link.closing = true;
        closing.add(link);
      }
    } else {
      links.put(link.remoteAddress(), link);
      if (link.own != null) {
        link.closing = false;
        closing.remove(link);
      } else if (connected < connectedBudget && link.connect(local, loop)) {
        connected++;
      }
    }
  }

  /**
   * Closes the connected sockets of clients whose allocation ended, one timer tick later and after reading what
   * waits in them: the JDK closes a registered socket only at the next select, so closing at once could lose a
   * datagram the client sent right after its last response.
   */
  public void closeReleasedSockets() {
    for (UdpClientLink link : closing) {
      link.drainAndClose();
      connected--;
    }
    closing.clear();
  }

  /** One client's UDP 5-tuple on this listener, with its connected socket when it has one. */
  static final class UdpClientLink implements ClientLink, EventLoop.Handler {
    private final UdpListener listener;
    private final InetSocketAddress remote;
    private Allocation allocation;
    private DatagramChannel own;
    private SelectionKey ownKey;
    private boolean closing;

    UdpClientLink(UdpListener listener, InetSocketAddress remote) {
      this.listener = listener;
      this.remote = remote;
    }

    boolean connect(InetSocketAddress local, EventLoop loop) {
      DatagramChannel socket = null;
      try {
        socket = local.getAddress().getAddress().length == 4
            ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        socket.bind(local);
        socket.connect(remote);
        socket.configureBlocking(false);
        ownKey = loop.register(socket, SelectionKey.OP_READ, this);
        own = socket;
        return true;
      } catch (IOException e) {
        LOG.log(Level.FINE, "no connected socket for " + remote + "; using the shared one", e);
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // Already failing; the shared socket serves this client.
          }
        }
        return false;
      }
    }

    void drainAndClose() {
      try {
        while (own.isOpen() && readOne()) {
          // each datagram went through the pipeline as if it had come to the shared socket
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "drain " + remote, e);
      }
      ownKey.cancel();
      try {
        own.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "close " + remote, e);
      }
      own = null;
      closing = false;
    }

    /** Reads and dispatches one datagram from the connected socket; false when none was waiting. */
    private boolean readOne() throws IOException {
      ByteBuffer buf = listener.receiveBuffer.get();
      int start = buf.position();
      int length;
      try {
        length = own.read(buf);
      } catch (java.net.PortUnreachableException e) {
        return true; // an ICMP error for an earlier datagram, reported on this connected socket
      }
      if (length > 0) {
        listener.sink.dispatch(buf, start, length, this);
      }
      return length > 0;
    }

    @Override
    public void onReady(SelectionKey key) throws IOException {
      readOne();
    }

    @Override
    public void onFailure(SelectionKey key, IOException error) {
      LOG.log(Level.FINE, "connected socket for " + remote, error);
    }

    @Override
    public void send(ByteBuffer frame) {
      if (own != null) {
        try {
          own.write(frame);
          return;
        } catch (IOException e) {
          // PortUnreachableException and the like: the client is gone or not listening; like a lost datagram.
          return;
        }
      }
      listener.send(frame, remote);
    }

    @Override
    public boolean isStream() {
      return false;
    }

    @Override
    public Transport transport() {
      return Transport.UDP;
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
