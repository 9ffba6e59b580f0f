package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketCodecTest {

  private final PacketPool pool = new PacketPool(8);

  private Packet packet(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    return pool.take().fill(bytes, 0, bytes.length);
  }

  @Test
  void classifiesByFirstByteAsRfc7983Says() {
    assertThat(kind("0001")).isEqualTo(PacketKind.STUN);
    assertThat(kind("16fefd")).isEqualTo(PacketKind.DTLS);
    assertThat(kind("806f")).isEqualTo(PacketKind.RTP); // PT 111
    assertThat(kind("80e0")).isEqualTo(PacketKind.RTP); // marker + PT 96
    assertThat(kind("80c8")).isEqualTo(PacketKind.RTCP); // SR
    assertThat(kind("81ce")).isEqualTo(PacketKind.RTCP); // PSFB
    assertThat(kind("ff00")).isEqualTo(PacketKind.UNKNOWN);
    assertThat(kind("80")).isEqualTo(PacketKind.UNKNOWN);
    assertThat(PacketKind.of(new byte[0], 0, 0)).isEqualTo(PacketKind.UNKNOWN);
  }

  private static PacketKind kind(String hex) {
    byte[] b = HexFormat.of().parseHex(hex);
    return PacketKind.of(b, 0, b.length);
  }

  @Test
  void readsRtpHeaderFieldsAndRefusesTruncatedHeaders() {
    // V=2, X=1, CC=1, M=1 PT=96, seq 0x1234, ts 0xdeadbeef, ssrc 0x01020304, one CSRC, extension of
    // one word
    Packet p =
        packet(
            "9"
                + "1"
                + "e0"
                + "1234"
                + "deadbeef"
                + "01020304"
                + "0a0b0c0d"
                + "bede0001"
                + "10ff0000"
                + "cafe");
    assertThat(Rtp.isValid(p)).isTrue();
    assertThat(Rtp.sequenceNumber(p)).isEqualTo(0x1234);
    assertThat(Rtp.timestamp(p)).isEqualTo(0xdeadbeefL);
    assertThat(Rtp.ssrc(p)).isEqualTo(0x01020304L);
    assertThat(Rtp.headerLength(p)).isEqualTo(12 + 4 + 4 + 4);

    assertThat(Rtp.isValid(packet("8060123400"))).isFalse(); // shorter than the fixed header
    assertThat(Rtp.isValid(packet("9160" + "1234" + "00000000" + "00000001" + "bede")))
        .isFalse(); // cut in the extension
    assertThat(Rtp.isValid(packet("83601234" + "00000000" + "00000001" + "aaaa")))
        .isFalse(); // 3 CSRCs missing
    assertThat(Rtp.isValid(packet("406012340000000000000001"))).isFalse(); // version 1
  }

  @Test
  void validatesCompoundRtcpAndWritesPli() {
    Packet pli = pool.take();
    Rtcp.writePli(pli, 0x11111111L, 0x22222222L);
    assertThat(
            HexFormat.of()
                .formatHex(pli.getBuffer(), pli.getOffset(), pli.getOffset() + pli.getLength()))
        .isEqualTo("81ce0002" + "11111111" + "22222222");
    assertThat(Rtcp.isValidCompound(pli)).isTrue();
    assertThat(Rtcp.type(pli, 0)).isEqualTo(Rtcp.PSFB);
    assertThat(Rtcp.mediaSsrc(pli, 0)).isEqualTo(0x22222222L);

    // RR with no blocks followed by a PLI
    assertThat(
            Rtcp.isValidCompound(
                packet("80c90001" + "00000001" + "81ce0002" + "00000001" + "00000002")))
        .isTrue();
    // length field claims more than there is
    assertThat(Rtcp.isValidCompound(packet("80c90005" + "00000001"))).isFalse();
    // trailing garbage after a valid packet
    assertThat(Rtcp.isValidCompound(packet("80c90001" + "00000001" + "ff"))).isFalse();
    // header only
    assertThat(Rtcp.isValidCompound(packet("80c90000"))).isFalse();
  }

  @Test
  void poolReusesPacketsAndCountsExhaustion() {
    PacketPool small = new PacketPool(1);
    Packet first = small.take();
    Packet extra = small.take();
    assertThat(small.exhaustedCount()).isEqualTo(1);
    first.release();
    extra.release();
    assertThat(small.available()).isEqualTo(1);
    first.release(); // a buggy second release must not put the packet in the pool twice
    assertThat(small.doubleReleaseCount()).isEqualTo(1);
    assertThat(small.available()).isEqualTo(1);
    assertThat(small.take()).isSameAs(first);
    assertThat(small.available()).isZero();
  }
}
