package org.medirelay.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.Arrays;
import org.medirelay.turn.metrics.TurnMetrics;
import org.medirelay.turn.relay.PacketBuffer;
import org.medirelay.turn.stun.ChannelDataFrame;
import org.medirelay.turn.stun.StunHeader;

/**
 * Fuzz test (Jazzer) for TCP framing (RFC 8656 §12.5, RFC 6544): a client's byte stream, cut into
 * reads wherever the fuzzer likes, goes through a real {@link StreamConnection} on a loopback
 * socket. Every frame handed on is the next piece of the stream (STUN: 20 + length bytes;
 * ChannelData: 4 + length, padded to 4), starts like a STUN message or ChannelData and is small
 * enough for a client without an allocation; a stream that cannot be framed closes the connection
 * with a counted reason. TLS connections hand their decrypted bytes to the same framing.
 */
class StreamFramingFuzzTest {

  private static final ServerSocketChannel SERVER = listen();
  private static final EventLoop LOOP = loop();
  private static final PacketBuffer PACKETS = new PacketBuffer();

  @FuzzTest
  void framesAStreamIntoWholeFramesOrClosesIt(FuzzedDataProvider data) throws IOException {
    TurnMetrics metrics = new TurnMetrics();
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int[] cursor = {0};
    PacketSink sink =
        (buf, offset, length, link) -> {
          byte[] frame = new byte[length];
          buf.get(offset, frame);
          checkFrame(frame, sent.toByteArray(), cursor[0]);
          cursor[0] += ChannelDataFrame.isChannelData(frame[0] & 0xFF) ? pad(length) : length;
          buf.position(offset).limit(offset + length); // as the relay stages leave it
        };
    StreamContext context =
        new StreamContext(
            LOOP, sink, a -> {}, PACKETS::forStream, new ConnectionGate(10, 10), 10_000, metrics);
    try (SocketChannel client = SocketChannel.open(SERVER.getLocalAddress());
        SocketChannel accepted = SERVER.accept()) {
      StreamConnection connection = new StreamConnection(accepted, context, c -> {});
      while (data.remainingBytes() > 0 && !connection.isClosed()) {
        byte[] chunk = data.consumeBytes(data.consumeInt(1, 6000));
        if (chunk.length == 0) {
          break;
        }
        sent.write(chunk);
        client.write(ByteBuffer.wrap(chunk));
        assertThat(connection.readAndDeliver()).isTrue();
      }
      if (connection.isClosed()) {
        long counted =
            metrics.connectionsClosed.get("unframeable").sum()
                + metrics.connectionsClosed.get("oversized_frame").sum();
        assertThat(counted).as("a closed connection says why").isEqualTo(1);
      }
    }
  }

  private static void checkFrame(byte[] frame, byte[] stream, int at) {
    assertThat(frame.length).isGreaterThanOrEqualTo(ChannelDataFrame.HEADER);
    assertThat(frame.length).isLessThanOrEqualTo(StreamConnection.MAX_FRAME_WITHOUT_ALLOCATION);
    int first = frame[0] & 0xFF;
    assertThat(ChannelDataFrame.isChannelData(first) || (first & 0xC0) == 0).isTrue();
    assertThat(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + frame.length)))
        .as("the frame is the next piece of the stream")
        .isEqualTo(frame);
  }

  private static int pad(int length) {
    return StunHeader.padded(length);
  }

  private static ServerSocketChannel listen() {
    try {
      return ServerSocketChannel.open()
          .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EventLoop loop() {
    try {
      return new EventLoop(Clock.systemUTC(), "fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
