package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;

/**
 * The receiver report's bytes: one block per stream that received something, none when none did.
 */
class ReceiverReportTest {

  private final PacketPool pool = new PacketPool(2);

  @Test
  void onlyStreamsWithPacketsGetABlock() {
    ReceiveStatistics video = new ReceiveStatistics(0x0202L, 90_000);
    video.onPacket(10, 0, 0);
    ReceiveStatistics silentAudio = new ReceiveStatistics(0x0101L, 48_000);

    Packet rr = ReceiverReport.write(pool, 0xCAFEL, 0, silentAudio, null, video);

    assertThat(rr.getLength()).isEqualTo(8 + 24);
    assertThat(rr.byteAt(0)).as("V=2, one block").isEqualTo(0x81);
    assertThat(Rtcp.type(rr, 0)).isEqualTo(Rtcp.RR);
    assertThat(rr.uint16At(2)).as("length in words - 1").isEqualTo(7);
    assertThat(rr.uint32At(4)).isEqualTo(0xCAFEL);
    assertThat(rr.uint32At(8)).isEqualTo(0x0202L);
    rr.release();
  }

  @Test
  void nothingReceivedMeansNoReport() {
    assertThat(ReceiverReport.write(pool, 1, 0, new ReceiveStatistics(1, 48_000), null)).isNull();
    assertThat(pool.available()).as("the empty report went back").isEqualTo(2);
  }
}
