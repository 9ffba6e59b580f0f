package org.medirelay.media.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.heartbeat.NodeHeartbeat;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.Conferences;
import org.medirelay.media.conference.Participant;
import org.medirelay.media.conference.SignalingPeer;
import org.medirelay.media.conference.Waiter;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;
import org.medirelay.ratelimit.TokenBucket;

/** One browser's signaling connection; its protocol: media-node/README.md, "Signaling protocol". */
final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame>
    implements SignalingPeer {

  private static final Logger LOG = Logger.getLogger(SignalingHandler.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Conferences conferences;

  /** How long after the upgrade the join message may take (else 4408). */
  private final int joinSeconds;

  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> joinTimeout;
  private volatile Participant participant;

  /** Set while the person waits for a host to let them in; event loop only. */
  private Waiter waiter;

  private boolean joining;

  /**
   * The page asked to prepare its media transport during its device check ({@code prepare}); the
   * transport, once made, and the id of the token it was made with (a join with that token takes it
   * over). Event loop only; {@code prepared} is also read on leaving.
   */
  private boolean preparing;

  private volatile Participant prepared;
  private String preparedTokenId;

  /** How long a prepared connection may wait for its join: a person on their device check. */
  static final int PREPARED_JOIN_SECONDS = 900;

  private final WaitingRoomRules waitingRoom;
  private final ModerationRules moderation;
  private final MediaChoiceRules choices;
  private final VerifiedRequests verified;

  /** Messages received between the join request and its admission; event loop only. */
  private final List<JsonNode> pending = new ArrayList<>();

  private static final int MAX_PENDING = 64;

  /**
   * Message types that act for a participant, so they need a completed join (a candidate before one
   * is dropped).
   */
  private static final Set<String> NEED_A_PARTICIPANT =
      Set.of(
          "answer",
          "chat",
          "devices",
          "video-size",
          "audio-only",
          "end",
          "admit",
          "decline",
          ModerationRules.MUTE,
          ModerationRules.ASK_UNMUTE,
          ModerationRules.REMOVE);

  private volatile boolean closing;

  /** Chat is for people typing: a burst of five, then one message a second. */
  private final TokenBucket chatLimit = new TokenBucket(5, 1, System.nanoTime());

  private static final String CHAT_TOO_FAST =
      "{\"type\":\"chat-refused\",\"reason\":\"You are sending messages too quickly; wait a moment.\"}";

  SignalingHandler(
      JoinGate gate,
      Conferences conferences,
      ExecutorService blocking,
      MediaMetrics metrics,
      int joinSeconds) {
    this.conferences = conferences;
    this.joinSeconds = joinSeconds;
    this.waitingRoom = new WaitingRoomRules(conferences, this);
    this.moderation = new ModerationRules(() -> conferences.moderation(), this);
    this.choices = new MediaChoiceRules(this);
    this.verified =
        new VerifiedRequests(
            gate, blocking, metrics, this, () -> closing || !ctx.channel().isActive());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      this.ctx = ctx;
      joinTimeout =
          ctx.executor()
              .schedule(
                  () -> close(CloseCodes.JOIN_TIMEOUT, "No join request arrived in time."),
                  joinSeconds,
                  TimeUnit.SECONDS);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof CloseWebSocketFrame peerClose) {
      answerClose(peerClose);
      return;
    }
    if (!(frame instanceof TextWebSocketFrame text)) {
      close(CloseCodes.BAD_MESSAGE, "Only text messages are understood.");
      return;
    }
    JsonNode message;
    try {
      message = JSON.readTree(text.text());
    } catch (Exception e) {
      close(CloseCodes.BAD_MESSAGE, "The message is not JSON.");
      return;
    }
    handle(message);
  }

  /** Runs on the event loop. Messages that arrive while the join is being admitted wait for it. */
  private void handle(JsonNode message) {
    String type = message.path("type").asText("");
    Participant self = participant;
    if (self == null && prepared != null && (type.equals("answer") || type.equals("candidate"))) {
      self = prepared; // the transport prepared before the join, also while its person waits
    } else if (self == null && waiter != null) {
      waitingRoom.whileWaiting(type, NEED_A_PARTICIPANT.contains(type));
      return;
    }
    boolean beforeAdmission = joining && !type.equals("join");
    if (self == null && (beforeAdmission || preparing && prepared == null)) {
      if (pending.size() >= MAX_PENDING) {
        close(CloseCodes.BAD_MESSAGE, "Too many messages before the join completed.");
      } else {
        pending.add(message);
      }
      return;
    }
    if (self == null && NEED_A_PARTICIPANT.contains(type)) {
      close(CloseCodes.BAD_MESSAGE, "Join first.");
      return;
    }
    switch (type) {
      case "prepare" -> prepare(message);
      case "join" -> join(message);
      case "answer" -> {
        try {
          self.answer(message.path("version").asLong(-1), message.path("sdp").asText(null));
        } catch (InvalidAnswerException e) {
          close(CloseCodes.BAD_MESSAGE, "Media negotiation failed: " + e.getMessage());
        }
      }
      case "candidate" -> {
        if (self != null) {
          self.addRemoteCandidate(message.path("candidate").asText(""));
        }
      }
      case "chat" -> {
        String text = message.path("text").asText("").strip();
        if (text.isEmpty() || text.length() > NodeHeartbeat.MAX_CHAT_CHARACTERS) {
          close(
              CloseCodes.BAD_MESSAGE,
              "A chat message holds 1 to " + NodeHeartbeat.MAX_CHAT_CHARACTERS + " characters.");
        } else if (chatLimit.tryTake(1, System.nanoTime())) {
          conferences.chat().say(self, text);
        } else {
          send(CHAT_TOO_FAST);
        }
      }
      case "devices" -> choices.devices(self, message);
      case "video-size" -> choices.videoSize(self, message);
      case "audio-only" -> choices.audioOnly(self, message);
      case "end" -> {
        if (!conferences.endForAll(self)) {
          close(CloseCodes.FORBIDDEN, "Only the call's host can end it for everyone.");
        }
      }
      case "admit", "decline" -> waitingRoom.hostMessage(self, message, type.equals("admit"));
      case ModerationRules.MUTE, ModerationRules.ASK_UNMUTE, ModerationRules.REMOVE ->
          moderation.hostMessage(self, type, message);
      case "leave" -> close(CloseCodes.NORMAL, "You left the call.");
      default -> close(CloseCodes.BAD_MESSAGE, "Unknown message type.");
    }
  }

  /**
   * Opens the media transport of a page on its device check: the token is checked as a join's, and
   * the join that follows on this connection with the same token finds its transport ready.
   */
  private void prepare(JsonNode message) {
    if (joining || preparing) {
      close(CloseCodes.BAD_MESSAGE, "A connection prepares once, before it joins.");
      return;
    }
    preparing = true;
    if (joinTimeout != null) {
      joinTimeout.cancel(false);
    }
    joinTimeout =
        ctx.executor()
            .schedule(
                () -> close(CloseCodes.JOIN_TIMEOUT, "No join request arrived in time."),
                PREPARED_JOIN_SECONDS,
                TimeUnit.SECONDS);
    verified.submit(
        message,
        "prepare",
        claims -> {
          Participant ready = conferences.prepare(claims, this);
          ctx.executor().execute(() -> settlePrepared(ready, claims.tokenId()));
        });
  }

  /** The prepared transport is this connection's; messages that came meanwhile follow. */
  private void settlePrepared(Participant ready, String tokenId) {
    prepared = ready;
    preparedTokenId = tokenId;
    if (!ctx.channel().isActive()) {
      leave();
      return;
    }
    List<JsonNode> waited = new ArrayList<>(pending);
    pending.clear();
    waited.forEach(this::handle);
  }

  private void join(JsonNode message) {
    if (joining) {
      close(CloseCodes.BAD_MESSAGE, "Already joined.");
      return;
    }
    joining = true;
    if (joinTimeout != null) {
      joinTimeout.cancel(false);
    }
    Participant ready = prepared;
    String readyToken = preparedTokenId;
    verified.submit(
        message,
        "join",
        claims -> {
          boolean same = ready != null && claims.tokenId().equals(readyToken);
          if (ready != null && !same) {
            conferences.unprepare(ready);
          }
          conferences.join(claims, this, same ? ready : null);
        });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (joinTimeout != null) {
      joinTimeout.cancel(false);
    }
    leave();
    super.channelInactive(ctx);
  }

  /** The person waits in the lobby; messages that came meanwhile are handled as a waiter's. */
  @Override
  public void waiting(Waiter lobbyTicket) {
    ctx.executor().execute(() -> settle(null, lobbyTicket));
  }

  /**
   * The person is in the call. Called before the node sends {@code joined}; the handing over runs
   * on the event loop, where the page's answer to the offer will be handled, so it finds the
   * participant.
   */
  @Override
  public void entered(Participant joined) {
    ctx.executor().execute(() -> settle(joined, null));
  }

  /** Applies a join's outcome on the event loop, then the messages that waited for it. */
  private void settle(Participant joined, Waiter waiting) {
    participant = joined;
    waiter = waiting;
    if (!ctx.channel().isActive()) {
      leave();
      return;
    }
    pending.forEach(this::handle);
    pending.clear();
  }

  private synchronized void leave() {
    Participant self = participant;
    Waiter waiting = waiter;
    Participant ready = prepared;
    participant = null;
    waiter = null;
    prepared = null;
    if (self != null) {
      conferences.leave(self);
    } else if (waiting != null) {
      conferences.leaveLobby(waiting);
    }
    if (ready != null) {
      conferences.unprepare(ready); // nothing when it joined or waits
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.log(Level.FINE, "signaling connection error", cause);
    ctx.close();
  }

  @Override
  public void send(String json) {
    if (ctx != null && !closing) {
      ctx.writeAndFlush(new TextWebSocketFrame(json));
    }
  }

  @Override
  public void close(int code, String reason) {
    if (closing || ctx == null) {
      return;
    }
    closing = true;
    // The WebSocket handler closes TCP when the browser echoes the close frame (or after
    // SignalingServer.FORCE_CLOSE_MILLIS). Closing at once could reset the connection before the
    // browser has read the frame, and the person would see "connection lost" (1006), not the
    // reason.
    ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
  }

  /**
   * The closing handshake (RFC 6455 section 5.5.1): a close frame from the browser is answered with
   * one close frame, unless ours went first; either way the exchange is complete and TCP can go.
   * (Netty's own handling would send a second close frame after ours, which Chromium takes as a
   * protocol error and reports as 1006.)
   */
  private void answerClose(CloseWebSocketFrame peerClose) {
    if (closing) {
      ctx.close();
      return;
    }
    closing = true;
    int code = peerClose.statusCode() < 0 ? CloseCodes.NORMAL : peerClose.statusCode();
    ctx.writeAndFlush(new CloseWebSocketFrame(code, "")).addListener(ChannelFutureListener.CLOSE);
  }

  /** A close reason may hold at most 123 bytes of UTF-8 (RFC 6455 section 5.5). */
  static String truncate(String reason) {
    String r = reason == null ? "" : reason;
    while (r.getBytes(StandardCharsets.UTF_8).length > 123) {
      r = r.substring(0, r.length() - 2) + "…";
    }
    return r;
  }
}
