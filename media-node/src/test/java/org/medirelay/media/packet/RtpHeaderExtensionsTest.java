package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpHeaderExtensionsTest {

  private final PacketPool pool = new PacketPool(4);

  private Packet packet(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    return pool.take().fill(bytes, 0, bytes.length);
  }

  private static String hex(Packet p) {
    byte[] out = new byte[p.getLength()];
    p.readRegionToBuff(0, p.getLength(), out);
    return HexFormat.of().formatHex(out);
  }

  /** V=2 X=1, PT 96, seq 1, ts 2, SSRC 3, then {@code extension} (its header included), payload. */
  private Packet withExtension(String extension) {
    return packet("9060 0001 00000002 00000003 " + extension + " cafe");
  }

  @Test
  void findsOneByteElementsPastPadding() {
    // 0xBEDE, 2 words: id 1 len 1 (0x10 0x85), padding 00, id 3 len 2 (0x31 0x12 0x34), padding 00
    // 00
    Packet p = withExtension("bede 0002 1085 00 311234 0000");
    int level = RtpHeaderExtensions.find(p, 1);
    assertThat(level).isEqualTo(17);
    assertThat(RtpHeaderExtensions.lengthAt(p, level)).isEqualTo(1);
    assertThat(p.byteAt(level)).isEqualTo(0x85);
    int seq = RtpHeaderExtensions.find(p, 3);
    assertThat(RtpHeaderExtensions.lengthAt(p, seq)).isEqualTo(2);
    assertThat(p.uint16At(seq)).isEqualTo(0x1234);
    assertThat(RtpHeaderExtensions.find(p, 2)).isEqualTo(-1);
  }

  @Test
  void findsTwoByteElements() {
    // 0x1000, 2 words: id 10 len 1 'h', id 3 len 2, padding
    Packet p = withExtension("1000 0002 0a0168 03021234 00");
    int rid = RtpHeaderExtensions.find(p, 10);
    assertThat(RtpHeaderExtensions.lengthAt(p, rid)).isEqualTo(1);
    assertThat(p.byteAt(rid)).isEqualTo('h');
    assertThat(p.uint16At(RtpHeaderExtensions.find(p, 3))).isEqualTo(0x1234);
  }

  @Test
  void clearTurnsAnElementIntoPaddingAndLeavesTheOthers() {
    Packet p = withExtension("bede 0002 1085 00 311234 0000");
    RtpHeaderExtensions.clear(p, 3);
    assertThat(hex(p)).isEqualTo("906000010000000200000003" + "bede00021085000000000000" + "cafe");
    assertThat(RtpHeaderExtensions.find(p, 3)).isEqualTo(-1);
    assertThat(RtpHeaderExtensions.find(p, 1)).isEqualTo(17);
  }

  @Test
  void malformedBlocksReadAsAbsent() {
    // element says 4 bytes but the block ends after 3
    assertThat(RtpHeaderExtensions.find(withExtension("bede 0001 33 123456"), 3)).isEqualTo(-1);
    // block longer than the packet
    assertThat(RtpHeaderExtensions.find(packet("9060 0001 00000002 00000003 bede 00ff 10"), 1))
        .isEqualTo(-1);
    // ID 15 stops parsing
    assertThat(RtpHeaderExtensions.find(withExtension("bede 0001 f0 1085 00"), 1)).isEqualTo(-1);
    // unknown profile, and no extension bit
    assertThat(RtpHeaderExtensions.find(withExtension("abcd 0001 10850000"), 1)).isEqualTo(-1);
    assertThat(RtpHeaderExtensions.find(packet("8060 0001 00000002 00000003 cafe"), 1))
        .isEqualTo(-1);
    // two-byte element whose length byte lies past the block
    assertThat(RtpHeaderExtensions.find(withExtension("1000 0001 000000 0a"), 10)).isEqualTo(-1);
  }
}
