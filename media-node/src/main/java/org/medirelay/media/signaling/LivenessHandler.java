package org.medirelay.media.signaling;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Notices browsers that vanished without closing (a laptop lid, a dead mobile link), whose
 * participant would otherwise stay frozen on the others' screens until TCP gives up: pings when the
 * connection has been quiet, closes it when nothing at all (browsers answer pings with pongs by
 * themselves) arrived for the idle time.
 */
final class LivenessHandler extends ChannelDuplexHandler {

  private boolean webSocket;

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      webSocket = true;
    }
    if (event instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        ctx.close();
      } else if (idle.state() == IdleState.WRITER_IDLE && webSocket) {
        ctx.writeAndFlush(new PingWebSocketFrame(Unpooled.EMPTY_BUFFER));
      }
      return;
    }
    super.userEventTriggered(ctx, event);
  }
}
