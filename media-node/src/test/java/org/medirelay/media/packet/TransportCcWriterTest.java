package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Feedback encodings computed by hand from draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 3.1. Arrival times start at 1.000 s: 4000 ticks of 250 µs, so the reference time is 15
 * (15 × 64 ms = 0.960 s) and the first delta 160 ticks (40 ms).
 */
class TransportCcWriterTest {

  private static final long SENDER = 0x11223344L;
  private static final long MEDIA = 0x55667788L;
  private static final long SECOND = 1_000_000_000L;
  private static final long MS = 1_000_000L;

  private final PacketPool pool = new PacketPool(4);
  private final TransportCcWriter writer = new TransportCcWriter();

  private String written(int feedbackCount) {
    Packet p = pool.take();
    writer.write(p, SENDER, MEDIA, feedbackCount);
    byte[] out = new byte[p.getLength()];
    p.readRegionToBuff(0, p.getLength(), out);
    p.release();
    return HexFormat.of().formatHex(out);
  }

  private static String hex(String spaced) {
    return spaced.replace(" ", "");
  }

  @Test
  void receivedPacketsWithSmallDeltasAreOneRunAndOneByteDeltas() {
    writer.begin(100);
    assertThat(writer.addReceived(SECOND)).isTrue();
    assertThat(writer.addReceived(SECOND + MS)).isTrue();
    assertThat(writer.addReceived(SECOND + 3 * MS + MS / 2)).isTrue();
    // P set (3 bytes of padding), FMT 15, PT 205, 7 words; base 100, 3 statuses, reference 15,
    // feedback 7; run of 3 "small"; deltas 160, 4, 10; padding 00 00 03.
    assertThat(written(7))
        .isEqualTo(hex("afcd0006 11223344 55667788 00640003 00000f07 2003 a0040a 000003"));
  }

  @Test
  void aGapOfLostPacketsBecomesARunLengthChunk() {
    writer.begin(7);
    writer.addReceived(SECOND);
    for (int i = 0; i < 100; i++) {
      assertThat(writer.addLost()).isTrue();
    }
    writer.addReceived(SECOND + 50 * MS);
    // 102 statuses: a one-bit vector (received, 13 lost), a run of 87 lost, a run of 1 received;
    // deltas 160 and 200 ticks; 28 bytes, no padding.
    assertThat(written(1))
        .isEqualTo(hex("8fcd0006 11223344 55667788 00070066 00000f01 a000 0057 2001 a0c8"));
  }

  @Test
  void negativeAndLargeDeltasTakeTwoBytesAndTwoBitSymbols() {
    writer.begin(0);
    writer.addReceived(SECOND);
    writer.addReceived(SECOND - MS); // arrived 1 ms before its predecessor: -4 ticks
    writer.addReceived(SECOND + 200 * MS); // 201 ms later: 804 ticks
    // a delta of 32800 ticks (8.2 s) does not fit 16 bits: nothing is added
    assertThat(writer.addReceived(SECOND + 8400 * MS)).isFalse();
    assertThat(writer.statusCount()).isEqualTo(3);
    // two-bit vector 01 10 10 (small, large, large); deltas a0, fffc, 0324; one byte of padding.
    assertThat(written(0))
        .isEqualTo(hex("afcd0006 11223344 55667788 00000003 00000f00 da00 a0 fffc 0324 01"));
  }

  @Test
  void sequenceNumbersWrapAroundAfter65535() {
    writer.begin(65534);
    for (int i = 0; i < 4; i++) {
      writer.addReceived(SECOND + i * MS);
    }
    // 65534, 65535, 0, 1: base fffe, 4 statuses, a run of 4; deltas 160, 4, 4, 4; 2 bytes padding.
    assertThat(written(255))
        .isEqualTo(hex("afcd0006 11223344 55667788 fffe0004 00000fff 2004 a0040404 0002"));
  }

  @Test
  void mixedSymbolsFillOneBitVectorsOfFourteen() {
    writer.begin(1);
    for (int i = 0; i < 16; i++) {
      if (i % 2 == 0) {
        writer.addReceived(SECOND + i * MS);
      } else {
        writer.addLost();
      }
    }
    // received/lost alternating: one-bit vector 10101010101010, then the last two (1, 0) as a
    // two-bit vector 01 00; 8 deltas (160, then 8 ticks each); 32 bytes, no padding.
    assertThat(written(2))
        .isEqualTo(hex("8fcd0007 11223344 55667788 00010010 00000f02 aaaa d000 a008080808080808"));
  }

  @Test
  void aFullPacketRefusesMoreAndStaysWithinTheMaximumLength() {
    writer.begin(0);
    int added = 0;
    while (writer.addReceived(SECOND + added * MS)) {
      added++;
    }
    assertThat(added).isGreaterThan(1000);
    // a lost packet needs no delta byte, so a few more may fit, never beyond the maximum
    while (writer.addLost()) {
      added++;
    }
    Packet p = pool.take();
    writer.write(p, SENDER, MEDIA, 0);
    assertThat(p.getLength()).isLessThanOrEqualTo(TransportCcWriter.MAX_LENGTH);
    assertThat(p.getLength() % 4).isZero();
    assertThat(p.uint16At(14)).isEqualTo(added);
    p.release();
  }
}
