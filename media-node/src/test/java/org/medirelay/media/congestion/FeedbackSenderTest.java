package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.Stage;

/**
 * A publisher's decrypted RTP with transport-wide sequence numbers in, the transport-cc feedback
 * the node sends it out, as bytes. Arrival times are in milliseconds from an arbitrary start.
 */
class FeedbackSenderTest {

  private static final long NODE_SSRC = 0xDE0DEL;
  private static final long MEDIA_SSRC = 0xCAFEL;
  private static final long MS = 1_000_000L;

  private final PacketPool pool = new PacketPool(64);
  private final MediaMetrics metrics = new MediaMetrics();
  private final Capture rtcpOut = new Capture("RTCP out");
  private final FeedbackSender sender =
      new FeedbackSender("alice", NODE_SSRC, rtcpOut, pool, metrics);
  private final Capture forwarded = new Capture("receive statistics");
  private final Stage path = Stage.chain(sender.arrivals(), forwarded);

  /**
   * RTP (V=2, X=1, PT 96) whose one-byte extension block holds the transport-wide sequence number
   * (ID 3, two bytes) or, with {@code elementLength} 1, a malformed one-byte element.
   */
  private static byte[] rtp(int transportSequence, int elementLength) {
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 20);
    b.put((byte) 0x90).put((byte) 96).putShort((short) 1).putInt(1234).putInt((int) MEDIA_SSRC);
    b.putShort((short) 0xBEDE).putShort((short) 1);
    if (elementLength == 2) {
      b.put((byte) 0x31).putShort((short) transportSequence).put((byte) 0);
    } else {
      b.put((byte) 0x30).put((byte) transportSequence).putShort((short) 0);
    }
    return b.array();
  }

  private void arrives(int transportSequence, long atMillis) {
    arrives(rtp(transportSequence, 2), atMillis * MS);
  }

  private void arrives(byte[] bytes, long atNanos) {
    Packet p = pool.take().fill(bytes, 0, bytes.length);
    p.setReceivedNanos(atNanos);
    path.accept(p);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static int baseSequence(byte[] feedback) {
    return ((feedback[12] & 0xFF) << 8) | (feedback[13] & 0xFF);
  }

  private static int statusCount(byte[] feedback) {
    return ((feedback[14] & 0xFF) << 8) | (feedback[15] & 0xFF);
  }

  @Test
  void reportsWhatArrivedAndWhatDidNotAboutEveryFiftyMilliseconds() {
    arrives(10, 1000); // the first arrival is reported at once
    arrives(11, 1010);
    arrives(13, 1020); // 12 never arrives
    assertThat(rtcpOut.received()).hasSize(1);
    arrives(14, 1060); // 60 ms after the last feedback
    List<byte[]> sent = rtcpOut.take();
    assertThat(sent).hasSize(2);
    assertThat(baseSequence(sent.get(0))).isEqualTo(10);
    assertThat(statusCount(sent.get(0))).isEqualTo(1);
    // base 11, 4 statuses, reference 15 (0.960 s), feedback 1; two-bit vector 01 00 01 01
    // (received,
    // lost, received, received); deltas 200 ticks (1.010 s - 0.960 s), 40, 160; 3 bytes padding.
    assertThat(hex(sent.get(1)))
        .isEqualTo("afcd0006000de0de0000cafe000b000400000f01d140c828a0000003");
    assertThat(forwarded.received()).hasSize(4);
    assertThat(metrics.transportCcFeedback.count()).isEqualTo(2);
  }

  @Test
  void numbersReorderedWithinAnIntervalAreReportedWithANegativeDelta() {
    arrives(10, 1000);
    arrives(12, 1010);
    arrives(11, 1020); // overtaken by 12
    arrives(13, 1060);
    byte[] feedback = rtcpOut.take().get(1);
    // base 11, 3 statuses: two-bit vector 01 10 01 (small, large, small); deltas 240 ticks (1.020 s
    // - 0.960 s), -40 (12 came 10 ms before 11: ffd8), 200; 2 bytes padding.
    assertThat(hex(feedback)).isEqualTo("afcd0006000de0de0000cafe000b000300000f01d900f0ffd8c80002");
    assertThat(metrics.transportCcLate.count()).isZero();
  }

  @Test
  void sequenceNumbersWrapAroundAt65535() {
    arrives(65534, 1000);
    arrives(65535, 1010);
    arrives(0, 1020);
    arrives(1, 1060);
    byte[] feedback = rtcpOut.take().get(1);
    assertThat(baseSequence(feedback)).isEqualTo(65535);
    assertThat(statusCount(feedback)).isEqualTo(3);
  }

  @Test
  void lateDuplicateAndMalformedNumbersAreCountedAndNotReported() {
    arrives(5, 1000);
    arrives(6, 1010);
    arrives(6, 1020); // duplicate
    arrives(4, 1030); // before the last feedback: late
    arrives(rtp(7, 1), 1040 * MS); // a one-byte element
    arrives(8, 1060);
    byte[] feedback = rtcpOut.take().get(1);
    assertThat(baseSequence(feedback)).isEqualTo(6);
    assertThat(statusCount(feedback)).isEqualTo(3); // 6 received, 7 lost, 8 received
    assertThat(metrics.transportCcDuplicate.count()).isEqualTo(1);
    assertThat(metrics.transportCcLate.count()).isEqualTo(1);
    assertThat(metrics.transportCcMalformed.count()).isEqualTo(1);
    assertThat(forwarded.received()).hasSize(6); // the media itself is untouched
  }

  @Test
  void aHugeJumpRestartsTheRecordThereWithoutGrowingIt() {
    arrives(0, 1000);
    arrives(30_000, 1060);
    arrives(29_999, 1070); // behind the restart: late
    List<byte[]> sent = rtcpOut.take();
    assertThat(sent).hasSize(2);
    assertThat(baseSequence(sent.get(1))).isEqualTo(30_000);
    assertThat(statusCount(sent.get(1))).isEqualTo(1);
    assertThat(metrics.transportCcJump.count()).isEqualTo(1);
    assertThat(metrics.transportCcLate.count()).isEqualTo(1);
  }

  @Test
  void packetsWithoutTheElementGetNoFeedback() {
    byte[] plain = ByteBuffer.allocate(32).put((byte) 0x80).put((byte) 96).array();
    for (int i = 0; i < 10; i++) {
      arrives(plain, (1000 + 60 * i) * MS);
    }
    assertThat(rtcpOut.received()).isEmpty();
    assertThat(forwarded.received()).hasSize(10);
  }

  @Test
  void whatDoesNotFitOnePacketContinuesInTheNext() {
    arrives(0, 1000);
    // 1000 packets arriving alternately 1 ms late and on time: every other delta is negative (two
    // bytes), which is more than one feedback packet holds.
    for (int i = 1; i <= 1000; i++) {
      arrives(rtp(i, 2), 1000 * MS + (i % 2 == 1 ? MS : 0));
    }
    arrives(1001, 1050);
    List<byte[]> sent = rtcpOut.take();
    assertThat(sent).hasSize(3);
    assertThat(baseSequence(sent.get(1))).isEqualTo(1);
    assertThat(baseSequence(sent.get(2))).isEqualTo(1 + statusCount(sent.get(1)));
    assertThat(statusCount(sent.get(1)) + statusCount(sent.get(2))).isEqualTo(1001);
    assertThat(sent).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(1200));
    assertThat(sent.get(2)[19]).isEqualTo((byte) 2); // feedback count
  }

  @Test
  void recordingAndSendingFeedbackAllocatesNothingPerPacket() {
    FeedbackSender quiet = new FeedbackSender("bob", NODE_SSRC, released(), pool, metrics);
    Stage measured = Stage.chain(quiet.arrivals(), released());
    byte[] media = rtp(0, 2);
    run(measured, media, 0, 20_000); // warm up: class loading, JIT
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(measured, media, 20_000, 20_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(20_000);
    assertThat(metrics.transportCcFeedback.count()).isGreaterThanOrEqualTo(1000);
    assertThat(pool.exhaustedCount()).isZero();
    assertThat(pool.available()).isEqualTo(64);
  }

  /** {@code packets} packets with consecutive numbers from {@code from}, one every 2.5 ms. */
  private void run(Stage stage, byte[] media, int from, int packets) {
    for (int i = from; i < from + packets; i++) {
      media[17] = (byte) (i >> 8);
      media[18] = (byte) i;
      Packet p = pool.take().fill(media, 0, media.length);
      p.setReceivedNanos(i * 2_500_000L);
      stage.accept(p);
    }
  }

  private static Stage released() {
    return Consume.of("released", Packet::release);
  }
}
