package org.medirelay.media.signaling;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.medirelay.media.conference.CloseCodes;

/**
 * Notices browsers that vanished without closing (a laptop lid, a dead mobile link), whose
 * participant would otherwise stay frozen on the others' screens until TCP gives up: pings after
 * each quiet period in which nothing arrived, closes the connection after {@code periods} of them
 * in a row (browsers answer pings with pongs by themselves, so a live one is never closed).
 *
 * <p>The pings go by what arrives, not by what the node writes: a page that only listens while the
 * node keeps writing to it (the active speaker and the others' devices in a group consult) must be
 * pinged too, or its silence would look like death.
 */
final class LivenessHandler extends ChannelDuplexHandler {

  private static final String NO_ANSWER_REASON = "Your browser stopped answering; reconnect.";

  private final int periods;
  private boolean webSocket;
  private int quietPeriods;

  /** Closes after {@code periods} quiet periods in a row (the {@code IdleStateHandler}'s). */
  LivenessHandler(int periods) {
    this.periods = periods;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      webSocket = true;
    }
    if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        // The first event after anything arrived starts the count again.
        quietPeriods = idle.isFirst() ? 1 : quietPeriods + 1;
        if (quietPeriods >= periods && webSocket) {
          // Not 1000: a page that hears "normal closure" ends its call, and a browser that is
          // alive but slow (a frozen tab, a link that stalled for a while) should reconnect.
          ctx.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NO_ANSWER, NO_ANSWER_REASON))
              .addListener(ChannelFutureListener.CLOSE);
        } else if (quietPeriods >= periods) {
          ctx.close();
        } else if (webSocket) {
          ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
        }
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }
}
