package org.medirelay.media.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.medirelay.heartbeat.NodeHeartbeat.Presence;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.ops.Drain;
import org.medirelay.media.ops.EndedCalls;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.ops.NodeLoad;
import org.medirelay.media.ops.Withdrawals;
import org.medirelay.token.JoinTokenVerifier;

/**
 * Fuzz test (Jazzer) for the signaling messages a page sends (media-node/README.md, "Signaling
 * protocol"), as far as they run without a browser: up to eight text frames, one per line of the
 * input, go through a real {@link SignalingHandler} on an embedded channel, its join through a real
 * {@link JoinGate} and token verifier (which knows no key, so no join is admitted). No exception
 * escapes; the node answers at most one close frame, with a code from {@link CloseCodes} and a
 * reason that fits a close frame, and nothing after it. Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/media/signaling/SignalingMessageFuzzTestInputs/}.
 */
class SignalingMessageFuzzTest {

  private static final int MAX_FRAMES = 8;
  private static final List<Integer> CLOSE_CODES =
      List.of(
          CloseCodes.NORMAL,
          CloseCodes.BAD_MESSAGE,
          CloseCodes.TOKEN_REFUSED,
          CloseCodes.FORBIDDEN,
          CloseCodes.GONE,
          CloseCodes.UNAVAILABLE);

  private final MediaMetrics metrics = new MediaMetrics();
  private final JoinGate gate =
      new JoinGate(
          new JoinTokenVerifier(
              kid -> Optional.empty(), "https://app.test", Clock.systemUTC(), Duration.ZERO),
          "media-1",
          10,
          new NoLoad(),
          new Drain(),
          new Withdrawals(),
          new EndedCalls());

  @FuzzTest
  void answersAnyMessagesWithAtMostOneCloseFrame(byte[] bytes) {
    String input = new String(bytes, StandardCharsets.UTF_8);
    SignalingHandler handler =
        new SignalingHandler(gate, null, ImmediateEventExecutor.INSTANCE, metrics, 10);
    EmbeddedChannel channel = new EmbeddedChannel(handler);
    channel
        .pipeline()
        .fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
    String[] messages = input.split("\n", MAX_FRAMES + 1);
    int closes = 0;
    for (int i = 0; i < Math.min(messages.length, MAX_FRAMES); i++) {
      channel.writeInbound(new TextWebSocketFrame(messages[i]));
      channel.checkException();
      Object out;
      while ((out = channel.readOutbound()) != null) {
        assertThat(out)
            .as("only a close frame before a join")
            .isInstanceOf(CloseWebSocketFrame.class);
        CloseWebSocketFrame close = (CloseWebSocketFrame) out;
        assertThat(CLOSE_CODES).contains(close.statusCode());
        assertThat(close.reasonText().getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(123);
        close.release();
        closes++;
      }
    }
    assertThat(closes).isLessThanOrEqualTo(1);
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  /** A node that hosts nothing. */
  private static final class NoLoad implements NodeLoad {
    @Override
    public int participantCount() {
      return 0;
    }

    @Override
    public int sessionCount() {
      return 0;
    }

    @Override
    public List<String> sessionIds() {
      return List.of();
    }

    @Override
    public boolean hosts(String sessionId) {
      return false;
    }

    @Override
    public List<Presence> presence() {
      return List.of();
    }

    @Override
    public void onPresenceChange(Runnable listener) {}
  }
}
