package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RFC 2198 RED packets of Opus as Chromium sends them, byte by byte, unwrapped to their primary
 * block; and RED that lies about its blocks, which is refused without reading past the packet.
 */
class RedPayloadTest {

  private final PacketPool pool = new PacketPool(4);

  /** The packet at the very end of its buffer, so a read past its length fails. */
  private Packet packet(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
    Packet p = pool.take();
    int offset = Packet.CAPACITY - bytes.length;
    System.arraycopy(bytes, 0, p.getBuffer(), offset, bytes.length);
    p.setOffsetLength(offset, bytes.length);
    return p;
  }

  private static String bytes(Packet p) {
    return HexFormat.of()
        .formatHex(Arrays.copyOfRange(p.getBuffer(), p.getOffset(), p.getOffset() + p.getLength()));
  }

  @Test
  void aRedPacketWithOneRedundantBlockBecomesItsPrimaryOpus() {
    // V=2 X=1 PT 63, seq 7, ts 960, SSRC 0xabcd; audio level element (ID 1: V=1, level 42);
    // then RED: F=1 PT 111, offset 960 (0x3c0), length 3 | F=0 PT 111 | redundant aaaaaa |
    // primary cafebabe.
    Packet p =
        packet("903f0007 000003c0 0000abcd bede0001 10aa0000" + " ef 0f00 03 6f aaaaaa cafebabe");

    assertThat(RedPayload.unwrapPrimary(p)).isEqualTo(111);

    // The header as it was, but PT 111; the audio level element stays for the receiver.
    assertThat(bytes(p)).isEqualTo("906f0007000003c00000abcdbede000110aa0000cafebabe");
    assertThat(AudioLevel.level(AudioLevel.read(p))).isEqualTo(42);
    p.release();
  }

  @Test
  void twoRedundantBlocksAndTheMarkerBitAndPaddingAreHandled() {
    // V=2 P=1 M=1 PT 63; blocks of 2 and 1 bytes (offsets 1920, 960), primary 0102;
    // 3 bytes of padding (count 3).
    Packet p =
        packet("a0bf0001 00000780 00000001" + " ef 1e00 02 ef 0f00 01 6f" + " 1111 22 0102 000003");

    assertThat(RedPayload.unwrapPrimary(p)).isEqualTo(111);

    assertThat(bytes(p))
        .as("M kept, P cleared, padding gone")
        .isEqualTo("80ef000100000780000000010102");
  }

  @Test
  void aRedPacketOfThePrimaryAloneBecomesThatPrimary() {
    // The first RED packet of a stream has nothing earlier to repeat.
    Packet p = packet("803f0001 00000000 00000001 6f cafe");

    assertThat(RedPayload.unwrapPrimary(p)).isEqualTo(111);
    assertThat(bytes(p)).isEqualTo("806f00010000000000000001cafe");
  }

  @Test
  void paddingAloneIsLeftAsItIs() {
    // As libwebrtc probes with it on the audio stream: P=1 X=1, a transport-wide sequence
    // number (ID 3), then 8 bytes of padding, the last its count.
    String padding = "b03f0a5a 77c00fb2 89a0933d bede0001 31000200 00000000 00000008";
    Packet p = packet(padding);

    assertThat(RedPayload.unwrapPrimary(p)).isEqualTo(RedPayload.PADDING_ONLY);
    assertThat(bytes(p)).isEqualTo(padding.replace(" ", ""));
  }

  @Test
  void redundantLengthsPastTheEndAreRefusedAndThePacketIsLeftAsItWas() {
    String[] lies = {
      "803f0001 00000000 00000001 ef0f00ff 6f aaaa", // a block of 255 bytes in 2
      "803f0001 00000000 00000001 ef0f03ff 6f", // 1023 bytes, nothing after the headers
      "803f0001 00000000 00000001 ef0f", // a block header cut short
      "803f0001 00000000 00000001 ef0f0001", // no primary header after the block header
      "803f0001 00000000 00000001", // an empty payload
      "a03f0001 00000000 00000001 6f cafe 00", // padding count 0
      "a03f0001 00000000 00000001 0000 04", // padding count past the payload, into the header
      "a03f0001 00000000 00000001 6f cafe 09", // padding past the payload
      "903f0001 00000000 00000001 bede0005 6f", // a header extension past the end
    };
    for (String lie : lies) {
      Packet p = packet(lie);
      String before = bytes(p);
      assertThat(RedPayload.unwrapPrimary(p)).as(lie).isEqualTo(RedPayload.MALFORMED);
      assertThat(bytes(p)).as("unchanged: " + lie).isEqualTo(before);
      p.release();
    }
  }

  @Test
  void moreBlocksThanAnySenderPutsInAPacketAreRefused() {
    String header = "803f0001 00000000 00000001 ";
    String ninth = header + "ef000000 ".repeat(RedPayload.MAX_BLOCKS) + "6f cafe";
    String eighth = header + "ef000000 ".repeat(RedPayload.MAX_BLOCKS - 1) + "6f cafe";

    assertThat(RedPayload.unwrapPrimary(packet(ninth))).isEqualTo(RedPayload.MALFORMED);
    Packet p = packet(eighth);
    assertThat(RedPayload.unwrapPrimary(p)).isEqualTo(111);
    assertThat(bytes(p)).isEqualTo("806f00010000000000000001cafe");
  }
}
