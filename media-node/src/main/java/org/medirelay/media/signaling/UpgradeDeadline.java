package org.medirelay.media.signaling;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not become a WebSocket in time after it was accepted, whatever it
 * sends meanwhile: a client that trickles its TLS handshake or HTTP headers a byte at a time (which
 * the idle timeout never sees) holds a connection no longer than this. Plain HTTP requests (health,
 * metrics, drain) are answered and closed long before. After the upgrade the join deadline takes
 * over, and this handler steps aside.
 */
final class UpgradeDeadline extends ChannelInboundHandlerAdapter {

  private final int seconds;
  private final Counter timeouts;
  private ScheduledFuture<?> deadline;

  UpgradeDeadline(int seconds, Counter timeouts) {
    this.seconds = seconds;
    this.timeouts = timeouts;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    deadline =
        ctx.executor()
            .schedule(
                () -> {
                  timeouts.increment();
                  ctx.close();
                },
                seconds,
                TimeUnit.SECONDS);
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      cancel();
      ctx.pipeline().remove(this);
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
    }
  }
}
