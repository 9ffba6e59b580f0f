package org.medirelay.turn.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.log.ThrottledLog;

/**
 * Accepts TCP connections, or TLS ones when given an {@link SSLContext}, in four steps:
 *
 * <ol>
 *   <li>accept, at most {@link #ACCEPT_BATCH} per wake-up so the relay keeps its turn;
 *   <li>admit through the shared {@link ConnectionGate}, or close at once (a refusal is counted and
 *       logged);
 *   <li>serve, a {@link StreamConnection} or {@link TlsConnection} on the loop;
 *   <li>sweep once a second: a connection that has not finished its TLS handshake and sent a whole
 *       first message within {@code --connection-timeout}, or that has no allocation and sent no
 *       whole frame for {@link #IDLE_MILLIS}, is closed.
 * </ol>
 *
 * When accept fails (out of file descriptors, say) the listener stops asking for {@link
 * #MIN_BACKOFF_MILLIS}, doubling up to {@link #MAX_BACKOFF_MILLIS} while it keeps failing, instead
 * of failing again on every turn of the loop, and logs it once per interval.
 */
public final class StreamListener implements EventLoop.Handler {

  private static final Logger LOG = Logger.getLogger(StreamListener.class.getName());
  static final long IDLE_MILLIS = 60_000;
  static final int ACCEPT_BATCH = 64;
  static final long MIN_BACKOFF_MILLIS = 10;
  static final long MAX_BACKOFF_MILLIS = 1000;

  private final ServerSocketChannel server;
  private final StreamContext context;
  private final SSLContext tls;
  private final Executor handshakes;
  private final ByteBuffer tlsScratch;
  private final ThrottledLog log;
  private final Set<StreamConnection> connections = new LinkedHashSet<>();
  private long backoff;

  /**
   * @param tls null for plain TCP
   * @param handshakes where TLS handshakes compute (null for plain TCP)
   */
  public StreamListener(
      ServerSocketChannel server, StreamContext context, SSLContext tls, Executor handshakes) {
    this.server = server;
    this.context = context;
    this.tls = tls;
    this.handshakes = handshakes;
    this.tlsScratch =
        tls == null
            ? null
            : ByteBuffer.allocate(tls.createSSLEngine().getSession().getPacketBufferSize());
    this.log = new ThrottledLog(LOG, context.loop().clock());
  }

  public InetSocketAddress localAddress() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  @Override
  public void onReady(SelectionKey key) throws IOException {
    SocketChannel client;
    for (int i = 0; i < ACCEPT_BATCH && (client = server.accept()) != null; i++) {
      backoff = 0;
      InetSocketAddress remote = (InetSocketAddress) client.getRemoteAddress();
      ConnectionGate.Refusal refusal = context.gate().admit(remote.getAddress());
      if (refusal != null) {
        refuse(client, remote, refusal);
        continue;
      }
      try {
        serve(client, remote);
      } catch (IOException e) {
        LOG.log(Level.FINE, "cannot serve " + remote, e);
        context.gate().release(remote.getAddress());
        client.close();
      }
    }
  }

  private void serve(SocketChannel client, InetSocketAddress remote) throws IOException {
    client.configureBlocking(false);
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    StreamConnection connection =
        tls == null
            ? new StreamConnection(client, context, this::closed)
            : new TlsConnection(
                client,
                () -> tls.createSSLEngine(remote.getHostString(), remote.getPort()),
                handshakes,
                tlsScratch.capacity(),
                tlsScratch::clear,
                context,
                this::closed);
    connection.key(context.loop().register(client, SelectionKey.OP_READ, connection));
    connections.add(connection);
    context.metrics().connectionsOpen.increment();
  }

  /** Closes a connection the gate refused, with a reset: nothing of it lingers here. */
  private void refuse(SocketChannel client, InetSocketAddress remote, ConnectionGate.Refusal why) {
    context.metrics().connectionsRefused.get(why.label()).increment();
    log.log(
        Level.WARNING,
        why.label(),
        () ->
            (tls == null ? "TCP" : "TLS")
                + " connection from "
                + ThrottledLog.address(remote)
                + " refused: "
                + why.option()
                + " "
                + context.gate().limit(why)
                + " reached");
    try {
      client.setOption(StandardSocketOptions.SO_LINGER, 0);
      client.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing a refused connection", e);
    }
  }

  private void closed(StreamConnection connection) {
    connections.remove(connection);
    context.gate().release(connection.remoteAddress().getAddress());
    context.metrics().connectionsOpen.decrement();
    Allocation allocation = connection.allocation();
    if (allocation != null) {
      context.deleteAllocation().accept(allocation);
    }
  }

  /**
   * Closes connections past their first-message deadline, and those without an allocation that sent
   * no whole frame for a minute.
   */
  public void sweep() {
    long now = context.loop().now();
    List<StreamConnection> late = new ArrayList<>();
    List<StreamConnection> idle = new ArrayList<>();
    for (StreamConnection c : connections) {
      if (!c.hadFrame() && now - c.openedAt() > context.firstMessageMillis()) {
        late.add(c);
      } else if (c.allocation() == null && now - c.lastFrameAt() > IDLE_MILLIS) {
        idle.add(c);
      }
    }
    late.forEach(c -> c.close("first_message_timeout"));
    idle.forEach(c -> c.close("idle"));
  }

  /** Accept failed: stop accepting for a while, longer while it keeps failing. */
  @Override
  public void onFailure(SelectionKey key, IOException error) {
    backoff = backoff == 0 ? MIN_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    long pause = backoff;
    context.metrics().acceptFailures.increment();
    log.log(
        Level.WARNING,
        "accept",
        () ->
            "accepting "
                + (tls == null ? "TCP" : "TLS")
                + " connections failed: "
                + error.getMessage()
                + "; paused for "
                + pause
                + " ms (out of file descriptors? raise ulimit -n or lower --max-connections)");
    if (key.isValid()) {
      key.interestOps(0);
      context
          .loop()
          .schedule(
              pause,
              () -> {
                if (key.isValid()) {
                  key.interestOps(SelectionKey.OP_ACCEPT);
                }
              });
    }
  }
}
