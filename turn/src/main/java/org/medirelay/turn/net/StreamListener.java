package org.medirelay.turn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.medirelay.turn.allocation.Allocation;

/**
 * Accepts TCP connections, or TLS ones when given an {@link SSLContext}. Connections without an
 * allocation that stay silent for {@link #IDLE_MILLIS} are closed by {@link #closeIdle()}, so
 * half-open sockets cannot pile up.
 */
public final class StreamListener implements EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(StreamListener.class.getName());
  static final long IDLE_MILLIS = 60_000;

  private final ServerSocketChannel server;
  private final SSLContext tls;
  private final EventLoop loop;
  private final PacketSink sink;
  private final Consumer<Allocation> deleteAllocation;
  private final Supplier<ByteBuffer> readBuffer;
  private final Set<StreamConnection> connections = new LinkedHashSet<>();

  public StreamListener(
      ServerSocketChannel server,
      SSLContext tls,
      EventLoop loop,
      PacketSink sink,
      Consumer<Allocation> deleteAllocation,
      Supplier<ByteBuffer> readBuffer) {
    this.readBuffer = readBuffer;
    this.server = server;
    this.tls = tls;
    this.loop = loop;
    this.sink = sink;
    this.deleteAllocation = deleteAllocation;
  }

  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  @Override
  public void onReady(SelectionKey key) throws IOException {
    SocketChannel client;
    while ((client = server.accept()) != null) {
      client.configureBlocking(false);
      client.socket().setTcpNoDelay(true);
      StreamConnection connection;
      if (tls == null) {
        connection = new StreamConnection(client, sink, this::closed, loop, readBuffer);
      } else {
        InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
        connection =
            new TlsConnection(
                client,
                tls.createSSLEngine(remote.getHostString(), remote.getPort()),
                sink,
                this::closed,
                loop);
      }
      connection.key(loop.register(client, SelectionKey.OP_READ, connection));
      connections.add(connection);
    }
  }

  private void closed(StreamConnection connection) {
    connections.remove(connection);
    Allocation allocation = connection.allocation();
    if (allocation != null) {
      deleteAllocation.accept(allocation);
    }
  }

  /** Closes connections that have no allocation and sent nothing for a minute. */
  public void closeIdle() {
    long now = loop.now();
    List<StreamConnection> idle = new ArrayList<>();
    for (StreamConnection c : connections) {
      if (c.allocation() == null && now - c.lastActivity() > IDLE_MILLIS) {
        idle.add(c);
      }
    }
    idle.forEach(StreamConnection::close);
  }

  @Override
  public void onFailure(SelectionKey key, IOException error) {
    LOG.log(Level.WARNING, "accept failed; continuing", error);
  }
}
