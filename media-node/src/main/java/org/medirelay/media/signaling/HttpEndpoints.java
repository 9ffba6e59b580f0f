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
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.medirelay.media.ops.Drain;
import org.medirelay.secret.BearerCredentials;
import org.medirelay.secret.SharedSecret;

/**
 * Plain HTTP on the signaling port: {@code GET /health} (JSON) and {@code GET /metrics} (Prometheus
 * text, for {@code Bearer <MEDIA_METRICS_TOKEN>} or, without one configured, for scrapers on this
 * machine), and the operator's drain control: {@code POST /drain} starts draining, {@code DELETE
 * /drain} cancels it, both with {@code Authorization: Bearer <MEDIA_NODE_SECRET>} and answered with
 * the health document. Anything else is a problem document (RFC 9457).
 */
@Sharable
final class HttpEndpoints extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = Logger.getLogger(HttpEndpoints.class.getName());

  private final Supplier<String> health;
  private final Supplier<String> metrics;
  private final Drain drain;

  /** The operator's secret; when none is configured, drain control is off. */
  private final SharedSecret secret;

  /**
   * The scraper's bearer token; when none is configured, only scrapers on this machine get the
   * metrics.
   */
  private final SharedSecret metricsToken;

  HttpEndpoints(
      Supplier<String> health,
      Supplier<String> metrics,
      Drain drain,
      String secret,
      String metricsToken) {
    this.health = health;
    this.metrics = metrics;
    this.drain = drain;
    this.secret = configured(secret);
    this.metricsToken = configured(metricsToken);
  }

  /** A blank setting counts as none. */
  private static SharedSecret configured(String value) {
    return new SharedSecret(value == null || value.isBlank() ? null : value);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    String path = request.uri().split("\\?", 2)[0];
    FullHttpResponse response;
    if (path.equals("/drain")) {
      response = drain(ctx, request);
    } else if (request.method() != HttpMethod.GET) {
      response = problem(HttpResponseStatus.METHOD_NOT_ALLOWED, "Only GET is served here.");
    } else if (path.equals("/health")) {
      response = respond(HttpResponseStatus.OK, "application/json", health.get());
    } else if (path.equals("/metrics")) {
      response =
          mayScrape(ctx, request)
              ? respond(
                  HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics.get())
              : problem(
                  HttpResponseStatus.UNAUTHORIZED,
                  "Metrics need Authorization: Bearer <MEDIA_METRICS_TOKEN>, or a scraper on this machine.");
    } else {
      response = problem(HttpResponseStatus.NOT_FOUND, "No such endpoint; signaling is at /ws.");
    }
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private FullHttpResponse drain(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean start = request.method() == HttpMethod.POST;
    if (!start && request.method() != HttpMethod.DELETE) {
      return problem(
          HttpResponseStatus.METHOD_NOT_ALLOWED,
          "POST /drain starts draining, DELETE /drain cancels it.");
    }
    if (!secret.configured()) {
      return problem(
          HttpResponseStatus.SERVICE_UNAVAILABLE,
          "Drain control is off: MEDIA_NODE_SECRET is not set.");
    }
    if (!bearerMatches(secret, request)) {
      LOG.warning(
          "refused a drain request without the node secret from " + ctx.channel().remoteAddress());
      return problem(
          HttpResponseStatus.UNAUTHORIZED, "Send Authorization: Bearer <MEDIA_NODE_SECRET>.");
    }
    drain.set(start);
    LOG.info(
        start
            ? "draining: no new sessions; calls in progress continue"
            : "drain cancelled: taking new sessions");
    return respond(HttpResponseStatus.OK, "application/json", health.get());
  }

  /**
   * Load figures and error counts are nobody else's business: the signaling port faces the
   * internet.
   */
  private boolean mayScrape(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (metricsToken.configured()) {
      return bearerMatches(metricsToken, request);
    }
    return ctx.channel().remoteAddress() instanceof InetSocketAddress remote
        && remote.getAddress() != null
        && remote.getAddress().isLoopbackAddress();
  }

  private static boolean bearerMatches(SharedSecret expected, FullHttpRequest request) {
    return expected.matches(
        BearerCredentials.of(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
  }

  private static FullHttpResponse problem(HttpResponseStatus status, String detail) {
    String body =
        "{\"type\":\"about:blank\",\"title\":\""
            + status.reasonPhrase()
            + "\",\"status\":"
            + status.code()
            + ",\"detail\":\""
            + detail
            + "\"}";
    return respond(status, "application/problem+json", body);
  }

  private static FullHttpResponse respond(
      HttpResponseStatus status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    // Each answer ends its connection: say so, or a client (a Prometheus scraper) reuses it and
    // reads nothing.
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }
}
