package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.FakeClock;

class ProbePaddingTest {

  private static final int TRANSPORT_CC = 3;

  private final PacketPool pool = new PacketPool(64);
  private final FakeClock clock = new FakeClock();
  private final Capture sent = new Capture("socket");
  private final ProbePadding probe =
      new ProbePadding(0x1234, TRANSPORT_CC, pool, clock, () -> sent);

  @Test
  void sendsNothingUntilAProbeIsAsked() {
    clock.advance(Duration.ofSeconds(1));
    probe.sendDue();
    assertThat(sent.received()).isEmpty();
    assertThat(probe.probing()).isFalse();
  }

  @Test
  void padsAtTheAskedRateForTheAskedTimeThenStops() {
    probe.probe(400_000, Duration.ofMillis(500).toNanos());
    long bytes = 0;
    for (int ms = 0; ms < 1000; ms += 5) {
      clock.advance(Duration.ofMillis(5));
      probe.sendDue();
      for (byte[] packet : sent.take()) {
        bytes += packet.length;
      }
    }
    // 400 kbit/s for 0.5 s is 25 000 bytes, give or take a packet.
    assertThat(bytes).isBetween(25_000L - 275, 25_000L + 275);
    assertThat(probe.probing()).isFalse();
  }

  @Test
  void eachPacketIsPaddingOnlyOnItsOwnStreamWithAnElementToNumber() {
    probe.probe(1_000_000, Duration.ofSeconds(1).toNanos());
    // 60 ms at 1 Mbit/s owe 7500 bytes, 27 packets: one call sends no more than a burst.
    clock.advance(Duration.ofMillis(60));
    probe.sendDue();
    List<byte[]> packets = sent.take();
    assertThat(packets).hasSize(ProbePadding.MAX_BURST);
    for (int i = 0; i < packets.size(); i++) {
      Packet p = pool.take().fill(packets.get(i), 0, packets.get(i).length);
      assertThat(Rtp.isValid(p)).isTrue();
      assertThat(p.byteAt(0) & 0x20).as("padding bit").isNotZero();
      assertThat(Rtp.ssrc(p)).isEqualTo(0x1234);
      assertThat(Rtp.sequenceNumber(p)).isEqualTo(i + 1);
      int element = RtpHeaderExtensions.find(p, TRANSPORT_CC);
      assertThat(RtpHeaderExtensions.lengthAt(p, element)).isEqualTo(2);
      // Everything after the header is padding, counted by the last byte.
      assertThat(p.byteAt(p.getLength() - 1)).isEqualTo(p.getLength() - Rtp.headerLength(p));
      p.release();
    }
  }
}
