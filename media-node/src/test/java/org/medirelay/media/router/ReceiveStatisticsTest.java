package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/** Receiver-report arithmetic of RFC 3550 appendix A: loss, sequence wrap, jitter, LSR/DLSR. */
class ReceiveStatisticsTest {

  private final PacketPool pool = new PacketPool(2);

  @Test
  void reportsLossAcrossASequenceWrapAndZeroJitterForEvenPacing() {
    ReceiveStatistics stats = new ReceiveStatistics(0xABCDL, 90_000);
    long t0 = 1_000_000_000L;
    int[] seqs = {65533, 65534, 65535, 1, 2, 3}; // 0 is lost
    for (int i = 0; i < seqs.length; i++) {
      int slot = seqs[i] >= 65533 ? seqs[i] - 65533 : seqs[i] + 2;
      // 30 fps: 3000 ticks and 33.33 ms apart, so transit time is constant
      stats.onPacket(seqs[i], 3000L * slot, t0 + slot * 1_000_000_000L / 30);
    }
    stats.onSenderReport(0x12345678L, t0);
    Packet block = pool.take();
    block.setOffsetLength(Packet.HEADROOM, 24);
    assertThat(stats.writeReportBlock(block, 0, t0 + 500_000_000L)).isTrue();
    assertThat(block.uint32At(0)).isEqualTo(0xABCDL);
    assertThat(block.byteAt(4)).as("fraction lost: 1 of 7, in 1/256").isEqualTo(256 / 7);
    assertThat(block.uint32At(4) & 0xFFFFFF).as("cumulative lost").isEqualTo(1);
    assertThat(block.uint32At(8)).as("extended highest sequence").isEqualTo(65536L + 3);
    assertThat(block.uint32At(12)).as("jitter").isLessThanOrEqualTo(1);
    assertThat(block.uint32At(16)).isEqualTo(0x12345678L);
    assertThat(block.uint32At(20)).as("DLSR: half a second in 1/65536 s").isEqualTo(32768);

    // next interval: nothing lost
    stats.onPacket(4, 3000L * 7, t0 + 7 * 1_000_000_000L / 30);
    assertThat(stats.writeReportBlock(block, 0, t0)).isTrue();
    assertThat(block.byteAt(4)).isZero();
  }

  @Test
  void writesNothingBeforeTheFirstPacket() {
    Packet block = pool.take();
    block.setOffsetLength(Packet.HEADROOM, 24);
    assertThat(new ReceiveStatistics(1, 48_000).writeReportBlock(block, 0, 0)).isFalse();
  }
}
