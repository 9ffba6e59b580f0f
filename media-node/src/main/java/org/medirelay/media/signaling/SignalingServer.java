package org.medirelay.media.signaling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.Conferences;
import org.medirelay.media.ops.Drain;
import org.medirelay.media.ops.MediaMetrics;

/**
 * The node's TCP server: the signaling WebSocket at {@code /ws}, plus {@code /health}, {@code
 * /metrics} and {@code /drain}; over TLS when given a context (wss://, which pages served over
 * https require).
 */
public final class SignalingServer implements AutoCloseable {

  private static final int MAX_MESSAGE = 64 * 1024;

  /**
   * How long the node waits for the browser's answer to its close frame before it drops the
   * connection.
   */
  private static final int FORCE_CLOSE_MILLIS = 3_000;

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final ExecutorService blocking =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "signaling-join");
            t.setDaemon(true);
            return t;
          });
  private final Channel channel;

  public SignalingServer(
      String host,
      int port,
      SignalingLimits limits,
      JoinGate gate,
      Conferences conferences,
      MediaMetrics metrics,
      Supplier<String> health,
      Drain drain,
      String operatorSecret,
      String metricsToken,
      SslContext tls)
      throws InterruptedException {
    HttpEndpoints http =
        new HttpEndpoints(health, metrics::scrape, drain, operatorSecret, metricsToken);
    ConnectionLimit connectionLimit =
        new ConnectionLimit(
            limits.maxConnections(),
            limits.maxConnectionsPerAddress(),
            metrics.signalingRefusedForAddress,
            metrics.signalingRefusedForTotal);
    metrics.gauge(
        "medirelay.media.signaling.connections",
        "Open connections on the signaling port",
        connectionLimit::open);
    int idleSeconds = limits.idleSeconds();
    // A ping after each third of the idle time without a byte in; closed at the idle time.
    int quietPeriod = Math.max(1, idleSeconds / 3);
    int quietPeriods = Math.max(1, idleSeconds / quietPeriod);
    WebSocketServerProtocolConfig ws =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .checkStartsWith(true)
            .maxFramePayloadLength(MAX_MESSAGE)
            .handleCloseFrames(false) // SignalingHandler completes the closing handshake
            // A close without a frame of the node's own (an exception, say): not Netty's 1000
            // "Bye",
            // which a page takes for the end of its call.
            .sendCloseFrame(
                new WebSocketCloseStatus(
                    CloseCodes.SERVER_ERROR, "The media server closed the connection on an error."))
            .forceCloseTimeoutMillis(FORCE_CLOSE_MILLIS)
            .build();
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // Before anything reads a byte: a connection over a cap goes at once.
                    ch.pipeline().addLast(connectionLimit);
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline()
                        // First, so every inbound byte counts as life (the WebSocket handler
                        // swallows pongs).
                        .addLast(new IdleStateHandler(quietPeriod, 0, 0))
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_MESSAGE))
                        .addLast(new WebSocketServerProtocolHandler(ws))
                        // After the WebSocket handler, whose completed upgrade it waits for.
                        .addLast(
                            new UpgradeDeadline(limits.upgradeSeconds(), metrics.upgradeTimeouts))
                        .addLast(new LivenessHandler(quietPeriods))
                        .addLast(http)
                        .addLast(
                            new SignalingHandler(
                                gate, conferences, blocking, metrics, limits.joinSeconds()));
                  }
                })
            .bind(host, port)
            .sync()
            .channel();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully().awaitUninterruptibly();
    blocking.shutdownNow();
  }
}
