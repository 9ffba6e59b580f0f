package org.medirelay.media.signaling;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Plain HTTP on the signaling port: {@code GET /health} (JSON) and {@code GET /metrics} (Prometheus text). Anything
 * else is a 404 problem document (RFC 9457).
 */
@Sharable
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final Supplier<String> health;
  private final Supplier<String> metrics;

  HttpEndpoints(Supplier<String> health, Supplier<String> metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    FullHttpResponse response;
    if (request.method() != HttpMethod.GET) {
      response = problem(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is served here.");
    } else if (path.equals("/health")) {
      response = respond(HttpResponseStatus.OK, "application/json", health.get());
    } else if (path.equals("/metrics")) {
      response = respond(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
    } else {
      response = problem(HttpResponseStatus.NOT_FOUND, "No such endpoint; signaling is at /ws.");
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse problem(HttpResponseStatus status, String detail) {
    String body =
        "{\"type\":\"about:blank\",\"title\":\"" + status.reasonPhrase() + "\",\"status\":" + status.code()
            + ",\"detail\":\"" + detail + "\"}";
    return respond(status, "application/problem+json", body);
  }

  private static FullHttpResponse respond(HttpResponseStatus status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    return response;
  }
}
