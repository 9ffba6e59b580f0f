package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The RFC 6464 element as browsers send it, byte by byte. */
class AudioLevelTest {

  private final PacketPool pool = new PacketPool(4);

  /**
   * V=2 X=1, PT 111, seq 1, ts 2, SSRC 3, then {@code extension} (its header included), payload.
   */
  private Packet withExtension(String extension) {
    byte[] bytes =
        HexFormat.of()
            .parseHex(("906f 0001 00000002 00000003 " + extension + " cafe").replace(" ", ""));
    return pool.take().fill(bytes, 0, bytes.length);
  }

  @Test
  void readsTheVoiceFlagAndTheLevelOfTheOneByteForm() {
    // RFC 6464 section 3: ID 1, L=0 (one byte), V=1 level 42 (0x80 | 0x2a), then padding.
    int element = AudioLevel.read(withExtension("bede 0001 10aa 0000"));
    assertThat(AudioLevel.voiceActivity(element)).isTrue();
    assertThat(AudioLevel.level(element)).isEqualTo(42);

    int silent = AudioLevel.read(withExtension("bede 0001 107f 0000"));
    assertThat(AudioLevel.voiceActivity(silent)).isFalse();
    assertThat(AudioLevel.level(silent)).isEqualTo(AudioLevel.SILENCE);
  }

  @Test
  void readsTheTwoByteFormAfterOtherElements() {
    // 0x1000: ID 3 with two bytes, then ID 1 with one byte (V=1, level 20), then padding.
    int element = AudioLevel.read(withExtension("1000 0002 03021234 010194 00"));
    assertThat(AudioLevel.voiceActivity(element)).isTrue();
    assertThat(AudioLevel.level(element)).isEqualTo(20);
  }

  @Test
  void aPacketWithoutTheElementOrWithAnEmptyOneHasNoLevel() {
    assertThat(AudioLevel.read(withExtension("bede 0001 311234 00"))).isEqualTo(AudioLevel.ABSENT);
    assertThat(AudioLevel.read(withExtension("1000 0001 0100 0000"))).isEqualTo(AudioLevel.ABSENT);
    byte[] plain = HexFormat.of().parseHex("806f000100000002" + "00000003cafe");
    assertThat(AudioLevel.read(pool.take().fill(plain, 0, plain.length)))
        .isEqualTo(AudioLevel.ABSENT);
  }
}
