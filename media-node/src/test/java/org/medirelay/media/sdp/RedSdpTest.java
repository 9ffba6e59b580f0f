package org.medirelay.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Audio redundancy (RFC 2198 RED) in the node's offers, with adaptation only, and the payload types
 * an answer accepts.
 */
class RedSdpTest {

  private static final List<MediaSlot> SLOTS =
      List.of(
          new MediaSlot("0", "audio", true, "p1", 0, true),
          new MediaSlot("1", "video", true, "p1", 0, true),
          new MediaSlot("2", "audio", false, "p2", 0xABCDEF, true));

  private static String offer(boolean adaptation) {
    return SdpOffer.build(
        1, "1", new SdpOffer.Transport("u", "p", "AA", "actpass", List.of(), adaptation), SLOTS);
  }

  @Test
  void withAdaptationEveryAudioSectionOffersRedOfOpusBeforeOpus() {
    String sdp = offer(true);
    assertThat(sdp.split("m=audio 9 UDP/TLS/RTP/SAVPF 63 111\r\n", -1))
        .as("the uplink and the forwarded stream, RED first (libwebrtc sends it only so)")
        .hasSize(3);
    assertThat(sdp.split("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n", -1)).hasSize(3);
    assertThat(sdp).contains("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n");
  }

  @Test
  void withoutAdaptationOnlyOpusIsOffered() {
    String sdp = offer(false);
    assertThat(sdp).contains("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n").doesNotContain("red", " 63");
  }

  @Test
  void theAnswerTellsWhichPayloadTypesEachSectionAccepts() throws Exception {
    String answer =
        SdpAnswerTest.CHROME_ANSWER.replace(
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "m=audio 9 UDP/TLS/RTP/SAVPF 63 111 x 300 -1");
    SdpAnswer.Section audio = SdpAnswer.parse(answer).sections().get("0");
    assertThat(audio.payloadTypes())
        .as("what is not a payload type is skipped")
        .containsExactly(63, 111);
    assertThat(audio.accepts(SdpOffer.RED_PT)).isTrue();
    assertThat(SdpAnswer.parse(SdpAnswerTest.CHROME_ANSWER).sections().get("0").accepts(63))
        .isFalse();
  }
}
