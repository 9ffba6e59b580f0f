package org.medirelay.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.RtpExtension;

class SdpAnswerTest {

  /**
   * Shaped like Chromium's answer to a node offer: one sending uplink pair and one receiving
   * downlink pair.
   */
  static final String CHROME_ANSWER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE 0 1 2 3",
          "a=msid-semantic: WMS",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111",
          "c=IN IP4 0.0.0.0",
          "a=rtcp:9 IN IP4 0.0.0.0",
          "a=candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host generation 0",
          "a=ice-ufrag:Hn3m",
          "a=ice-pwd:k1Vq8Y0z7o5bJg8dC9RY2Xq3",
          "a=ice-options:trickle",
          "a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99"
              + ":AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99",
          "a=setup:active",
          "a=mid:0",
          "a=sendonly",
          "a=msid:- 6b8c",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "a=ssrc:3735928559 cname:abc",
          "m=video 9 UDP/TLS/RTP/SAVPF 96",
          "c=IN IP4 0.0.0.0",
          "a=mid:1",
          "a=sendonly",
          "a=rtcp-mux",
          "a=rtpmap:96 VP8/90000",
          "a=ssrc-group:FID 1000 1001",
          "a=ssrc:1000 cname:abc",
          "a=ssrc:1001 cname:abc",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111",
          "c=IN IP4 0.0.0.0",
          "a=mid:2",
          "a=recvonly",
          "a=rtcp-mux",
          "m=video 9 UDP/TLS/RTP/SAVPF 96",
          "c=IN IP4 0.0.0.0",
          "a=mid:3",
          "a=inactive",
          "a=rtcp-mux",
          "");

  @Test
  void readsCredentialsFingerprintRoleAndPerSectionSsrcs() throws Exception {
    SdpAnswer answer = SdpAnswer.parse(CHROME_ANSWER);
    assertThat(answer.iceUfrag()).isEqualTo("Hn3m");
    assertThat(answer.icePassword()).isEqualTo("k1Vq8Y0z7o5bJg8dC9RY2Xq3");
    assertThat(answer.fingerprint()).startsWith("AA:BB:CC");
    assertThat(answer.setup()).isEqualTo("active");
    assertThat(answer.bundled()).isTrue();
    assertThat(answer.rtcpMux()).isTrue();
    assertThat(answer.candidates())
        .containsExactly("candidate:1 1 udp 2113937151 127.0.0.1 50000 typ host generation 0");
    assertThat(answer.sections().get("0"))
        .isEqualTo(
            new SdpAnswer.Section(
                "0", "audio", "sendonly", 3735928559L, List.of(), List.of(111), Set.of()));
    assertThat(answer.sections().get("1").ssrc()).isEqualTo(1000L); // the primary, not the RTX SSRC
    assertThat(answer.sections().get("2").direction()).isEqualTo("recvonly");
    assertThat(answer.sections().get("3").direction()).isEqualTo("inactive");
  }

  /**
   * Firefox ESR 140's answer to a node offer (captured from a call): it keeps transport-cc on its
   * video m-sections and drops it from its audio ones, so the node must not number the audio it
   * sends Firefox (its feedback would call every audio packet lost).
   */
  @Test
  void readsWhichHeaderExtensionsEachSectionKept() throws Exception {
    String firefox;
    try (InputStream in = SdpAnswerTest.class.getResourceAsStream("firefox-esr-answer.sdp")) {
      firefox = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SdpAnswer answer = SdpAnswer.parse(firefox);
    assertThat(answer.sections().values())
        .filteredOn(section -> section.kind().equals("audio"))
        .hasSize(2)
        .allSatisfy(
            audio -> {
              assertThat(audio.accepts(RtpExtension.TRANSPORT_CC)).isFalse();
              assertThat(audio.accepts(RtpExtension.AUDIO_LEVEL)).isTrue();
            });
    assertThat(answer.sections().values())
        .filteredOn(section -> section.kind().equals("video"))
        .hasSize(3)
        .allMatch(video -> video.accepts(RtpExtension.TRANSPORT_CC));
    assertThat(answer.sections().get("1").accepts(RtpExtension.RTP_STREAM_ID))
        .as("a=extmap:10/sendonly")
        .isTrue();
    // An ID or URI the node did not offer is not taken for its extension.
    SdpAnswer other =
        SdpAnswer.parse(
            CHROME_ANSWER.replace(
                "a=mid:1\r\n",
                "a=mid:1\r\na=extmap:4 "
                    + RtpExtension.TRANSPORT_CC.uri
                    + "\r\n"
                    + "a=extmap:3 urn:example:other\r\n"));
    assertThat(other.sections().get("1").extensions()).isEmpty();
  }

  /** Empty streams and alternatives in {@code a=simulcast} name no layer (found by fuzzing). */
  @Test
  void aSimulcastListOfEmptyStreamsNamesNoLayer() throws Exception {
    Map<String, List<String>> layers =
        Map.of(
            ",",
            List.of(),
            ";",
            List.of(),
            ",;~",
            List.of(),
            "~h,;,l",
            List.of("h"),
            ";;l",
            List.of("l"));
    for (var list : layers.entrySet()) {
      String section =
          "a=mid:1\r\na=rid:h send\r\na=rid:l send\r\na=simulcast:send " + list.getKey() + "\r\n";
      SdpAnswer answer = SdpAnswer.parse(CHROME_ANSWER.replace("a=mid:1\r\n", section));
      assertThat(answer.sections().get("1").rids()).as(list.getKey()).isEqualTo(list.getValue());
    }
  }

  @Test
  void refusesAnswersTheNodeCannotUse() {
    assertThatThrownBy(
            () -> SdpAnswer.parse(CHROME_ANSWER.replaceAll("a=fingerprint:[^\r]*\r\n", "")))
        .hasMessageContaining("fingerprint");
    assertThatThrownBy(() -> SdpAnswer.parse(CHROME_ANSWER.replace("a=ice-pwd:", "a=x-pwd:")))
        .hasMessageContaining("ICE");
    assertThatThrownBy(() -> SdpAnswer.parse("v=0\r\n"))
        .isInstanceOf(SdpAnswer.InvalidAnswerException.class);
    assertThatThrownBy(() -> SdpAnswer.parse(null))
        .isInstanceOf(SdpAnswer.InvalidAnswerException.class);
    assertThatThrownBy(
            () ->
                SdpAnswer.parse(
                    "m=audio 9 X 0\r\na=ice-ufrag:a\r\na=ice-pwd:b\r\na=fingerprint:sha-256 AA\r\n"))
        .hasMessageContaining("mid");
  }

  @Test
  void offerAnnouncesForwardedSsrcsAndInactiveSlots() {
    SdpOffer.Transport transport =
        new SdpOffer.Transport(
            "uf",
            "pw",
            "AA:BB",
            "actpass",
            List.of("candidate:1 1 udp 1 127.0.0.1 10000 typ host"),
            true);
    String sdp =
        SdpOffer.build(
            1,
            "42",
            transport,
            List.of(
                new MediaSlot("0", "audio", true, "me", 0, true),
                new MediaSlot("1", "video", true, "me", 0, true),
                new MediaSlot("2", "video", false, "bob", 777, true),
                new MediaSlot("3", "audio", false, "gone", 888, false)));
    assertThat(sdp)
        .contains(
            "a=group:BUNDLE 0 1 2 3\r\n",
            "a=msid:bob bob-video",
            "a=ssrc:777 msid:bob bob-video",
            "a=inactive",
            "a=candidate:1 1 udp 1 127.0.0.1 10000 typ host\r\na=end-of-candidates");
    assertThat(sdp).doesNotContain("a=ssrc:888");
    String audio = sdp.substring(sdp.indexOf("m=audio"), sdp.indexOf("m=video"));
    assertThat(audio).contains("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
    String video =
        sdp.substring(sdp.indexOf("m=video"), sdp.indexOf("m=audio", 1 + sdp.indexOf("m=video")));
    assertThat(video).doesNotContain("ssrc-audio-level");
  }

  private static String offer(boolean adaptation) {
    return SdpOffer.build(
        1,
        "42",
        new SdpOffer.Transport("uf", "pw", "AA:BB", "actpass", List.of(), adaptation),
        List.of(
            new MediaSlot("0", "audio", true, "me", 0, true),
            new MediaSlot("1", "video", true, "me", 0, true),
            new MediaSlot("2", "video", false, "bob", 777, true)));
  }

  @Test
  void transportCcIsOfferedOnEverySectionOnlyWhenTheNodeAdapts() {
    String extmap =
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n";
    String on = offer(true);
    for (String section : on.split("m=")) {
      if (section.startsWith("audio") || section.startsWith("video")) {
        int pt = section.startsWith("audio") ? SdpOffer.OPUS_PT : SdpOffer.VP8_PT;
        assertThat(section).contains(extmap, "a=rtcp-fb:" + pt + " transport-cc\r\n");
      }
    }
    String off = offer(false);
    assertThat(off).doesNotContain("transport-wide-cc", "transport-cc");
  }
}
