package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;

/** The send-side numbering and what feedback that lies or floods does to the estimate: nothing. */
class DownlinkEstimateTest {

  private static final Duration ONE_MS = Duration.ofMillis(1);

  private final FakeClock clock = new FakeClock();
  private final MediaMetrics metrics = new MediaMetrics();
  private final PacketPool pool = new PacketPool(64);
  private final DownlinkEstimate estimate = new DownlinkEstimate("alice", clock, metrics);
  private final Capture sent = new Capture("socket");
  private final Stage rtpOut = Stage.chain(estimate.numbering(), sent);
  private final DownlinkEstimate allocationFree = new DownlinkEstimate("bob", clock, metrics);

  private void send(byte[] rtp) {
    rtpOut.accept(pool.take().fill(rtp, 0, rtp.length));
  }

  private void feedback(byte[] bytes) {
    Packet p = pool.take().fill(bytes, 0, bytes.length);
    estimate.feedback(p, 0, bytes.length);
    p.release();
  }

  /** Arrival times 1 ms apart from 7 s on, in the receiver's clock, for {@code count} packets. */
  private static long[] arrivedEvery1Ms(int count) {
    long[] arrivals = new long[count];
    for (int i = 0; i < count; i++) {
      arrivals[i] = 7_000_000 + 1000L * i;
    }
    return arrivals;
  }

  private static int sequence(byte[] rtp) {
    return ((rtp[17] & 0xFF) << 8) | (rtp[18] & 0xFF);
  }

  @Test
  void numbersEveryPacketThatCarriesTheElementInPlaceAndNoOther() {
    send(TransportCcBytes.rtp(0x1234, 200)); // the publisher's number
    send(TransportCcBytes.rtp(0x1234, 200));
    byte[] without = TransportCcBytes.rtp(0x1234, 200);
    without[0] = (byte) 0x80; // no extension block
    send(without);
    byte[] oneByteElement = TransportCcBytes.rtp(0x5678, 200);
    oneByteElement[16] = 0x30; // ID 3 with one byte of data: not a sequence number
    send(oneByteElement);
    send(TransportCcBytes.rtp(0x1234, 200));

    var out = sent.received();
    assertThat(out.stream().map(DownlinkEstimateTest::sequence))
        .containsExactly(0, 1, 0x1234, 0x5678, 2);
    assertThat(out.get(2)).isEqualTo(without);
    assertThat(out.get(3)).isEqualTo(oneByteElement);
    byte[] first = TransportCcBytes.rtp(0, 200);
    assertThat(out.get(0)).as("only the two bytes of the number change").isEqualTo(first);
  }

  @Test
  void usableFeedbackMakesTheEstimateMeasured() {
    assertThat(estimate.measured()).isFalse();
    assertThat(estimate.bitsPerSecond()).isEqualTo(BandwidthEstimator.START);
    for (int i = 0; i < 10; i++) {
      send(TransportCcBytes.rtp(0, 1000));
    }
    feedback(TransportCcBytes.feedback(0, arrivedEvery1Ms(10), 0));
    assertThat(metrics.transportCcFeedbackAccepted.count()).isEqualTo(1);
    assertThat(estimate.measured()).isTrue();
  }

  @Test
  void feedbackAboutPacketsNeverSentOrForgottenIsRefusedWhole() {
    for (int i = 0; i < 10; i++) {
      send(TransportCcBytes.rtp(0, 1000));
    }
    feedback(TransportCcBytes.feedback(5, arrivedEvery1Ms(6), 0)); // 5..10: 10 was never sent
    feedback(TransportCcBytes.feedback(40_000, arrivedEvery1Ms(3), 1)); // far ahead
    for (int i = 0; i < SendHistory.CAPACITY; i++) {
      send(TransportCcBytes.rtp(0, 100));
    }
    feedback(TransportCcBytes.feedback(0, arrivedEvery1Ms(3), 2)); // 0..2 are forgotten
    long[] tooMany = new long[SendHistory.CAPACITY + 1];
    Arrays.fill(tooMany, -1);
    feedback(TransportCcBytes.feedback(9, tooMany, 3)); // more than the history holds

    assertThat(metrics.transportCcFeedbackOutOfRange.count()).isEqualTo(4);
    assertThat(metrics.transportCcFeedbackAccepted.count()).isZero();
    assertThat(estimate.measured()).isFalse();
  }

  @Test
  void arrivalTimesNoQueueExplainsAreRefused() {
    for (int i = 0; i < 10; i++) {
      send(TransportCcBytes.rtp(0, 1000));
    }
    long[] arrivals = arrivedEvery1Ms(10);
    arrivals[9] += 6_000_000; // 6 s after the others, though sent with them
    feedback(TransportCcBytes.feedback(0, arrivals, 0));
    assertThat(metrics.transportCcFeedbackImplausible.count()).isEqualTo(1);
    assertThat(estimate.measured()).isFalse();
  }

  @Test
  void malformedFeedbackIsCounted() {
    send(TransportCcBytes.rtp(0, 1000));
    byte[] bytes = TransportCcBytes.feedback(0, arrivedEvery1Ms(1), 0);
    bytes[15] = 9; // 9 statuses, one chunk of 7
    feedback(bytes);
    assertThat(metrics.transportCcFeedbackMalformed.count()).isEqualTo(1);
    assertThat(estimate.measured()).isFalse();
  }

  @Test
  void aFloodIsCutToFiftyFeedbacksASecond() {
    send(TransportCcBytes.rtp(0, 1000));
    byte[] bytes = TransportCcBytes.feedback(0, arrivedEvery1Ms(1), 0);
    for (int second = 0; second < 3; second++) {
      for (int i = 0; i < 1000; i++) {
        feedback(bytes);
        clock.advance(Duration.ofMillis(1));
      }
    }
    assertThat(metrics.transportCcFeedbackAccepted.count()).isBetween(100.0, 200.0);
    assertThat(metrics.transportCcFeedbackFlood.count()).isGreaterThan(2800.0);
  }

  @Test
  void numberingAndFeedbackAllocateNothing() {
    Stage toSocket = Stage.chain(allocationFree.numbering(), Consume.of("socket", Packet::release));
    byte[] media = TransportCcBytes.rtp(0, 1000);
    byte[] feedback = TransportCcBytes.feedback(0, arrivedEvery1Ms(128), 0);
    run(toSocket, media, feedback, 0, 100); // warm up: class loading, JIT
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(toSocket, media, feedback, 100, 200);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated)
        .as("bytes allocated for 12 800 packets and 100 feedbacks")
        .isLessThan(10_000);
    assertThat(metrics.transportCcFeedbackAccepted.count()).isEqualTo(200);
  }

  /** Batches of 128 packets 1 ms apart, each answered by feedback whose arrivals match. */
  private void run(Stage toSocket, byte[] media, byte[] feedback, int fromBatch, int toBatch) {
    for (int batch = fromBatch; batch < toBatch; batch++) {
      for (int i = 0; i < 128; i++) {
        toSocket.accept(pool.take().fill(media, 0, media.length));
        clock.advance(ONE_MS);
      }
      int base = (batch * 128) & 0xFFFF;
      long reference = 7_000_000 / 64_000 + 2L * batch; // 128 ms a batch
      feedback[12] = (byte) (base >> 8);
      feedback[13] = (byte) base;
      feedback[16] = (byte) (reference >> 16);
      feedback[17] = (byte) (reference >> 8);
      feedback[18] = (byte) reference;
      Packet p = pool.take().fill(feedback, 0, feedback.length);
      allocationFree.feedback(p, 0, feedback.length);
      p.release();
    }
  }
}
