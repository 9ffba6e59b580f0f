package org.medirelay.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulcast the node's offers ask of a publisher's camera, and what answers agree to send. */
class SimulcastSdpTest {

  private static final List<MediaSlot> UPLINK =
      List.of(
          new MediaSlot("0", "audio", true, "p1", 0, true),
          new MediaSlot("1", "video", true, "p1", 0, true),
          new MediaSlot("2", "video", false, "p2", 0xABCDEF, true));

  private static String offer(boolean adaptation) {
    return SdpOffer.build(
        1, "1", new SdpOffer.Transport("u", "p", "AA", "actpass", List.of(), adaptation), UPLINK);
  }

  private static String section(String sdp, String mid) {
    int at = sdp.indexOf("a=mid:" + mid);
    int end = sdp.indexOf("m=", at);
    return sdp.substring(at, end < 0 ? sdp.length() : end);
  }

  @Test
  void withAdaptationTheVideoUplinkAsksForThreeRidLayersLowestFirst() {
    String uplink = section(offer(true), "1");
    assertThat(uplink)
        .contains(
            "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n",
            "a=rid:l recv\r\na=rid:m recv\r\na=rid:h recv\r\na=simulcast:recv l;m;h\r\n");
    assertThat(section(offer(true), "0")).doesNotContain("simulcast", "rtp-stream-id");
    assertThat(section(offer(true), "2"))
        .doesNotContain("simulcast", "rtp-stream-id")
        .contains("a=ssrc:11259375 cname:p2");
  }

  @Test
  void withoutAdaptationNothingOfSimulcastIsOffered() {
    assertThat(offer(false)).doesNotContain("a=rid", "a=simulcast", "rtp-stream-id");
  }

  @Test
  void theAnswerTellsTheRidsTheBrowserSendsInItsOrderWithoutAnSsrc() throws Exception {
    String answer =
        SdpAnswerTest.CHROME_ANSWER.replace(
            "a=ssrc-group:FID 1000 1001\r\na=ssrc:1000 cname:abc\r\na=ssrc:1001 cname:abc\r\n",
            "a=rid:l send\r\na=rid:m send\r\na=rid:h send\r\na=rid:z send\r\n"
                + "a=simulcast:send l;~m,x;h;q\r\n");
    SdpAnswer.Section video = SdpAnswer.parse(answer).sections().get("1");
    assertThat(video.ssrc()).isZero();
    assertThat(video.rids())
        .as("streams without a rid line (q) and alternatives (x) are left out")
        .containsExactly("l", "m", "h");
    assertThat(SdpAnswer.parse(SdpAnswerTest.CHROME_ANSWER).sections().get("1").rids()).isEmpty();
  }
}
