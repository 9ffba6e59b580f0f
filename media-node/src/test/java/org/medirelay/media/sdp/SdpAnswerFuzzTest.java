package org.medirelay.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;

/**
 * Fuzz test (Jazzer) for the SDP answers browsers send on the signaling socket: {@link
 * SdpAnswer#parse} returns an answer with everything the node needs, or says what is missing in an
 * {@link InvalidAnswerException}, never anything else. Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/media/sdp/SdpAnswerFuzzTestInputs/<method>/}.
 */
class SdpAnswerFuzzTest {

  @FuzzTest
  void parsesAnAnswerOrSaysWhatIsMissing(byte[] bytes) {
    String sdp = new String(bytes, StandardCharsets.UTF_8);
    SdpAnswer answer;
    try {
      answer = SdpAnswer.parse(sdp);
    } catch (InvalidAnswerException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(answer.iceUfrag()).isNotNull();
    assertThat(answer.icePassword()).isNotNull();
    assertThat(answer.fingerprint()).isNotNull();
    assertThat(answer.setup()).isNotNull();
    assertThat(answer.sections()).isNotEmpty();
    int lines = sdp.split("\n", -1).length;
    assertThat(answer.sections().size() + answer.candidates().size()).isLessThanOrEqualTo(lines);
    answer
        .sections()
        .forEach(
            (mid, section) -> {
              assertThat(section.mid()).isEqualTo(mid);
              assertThat(section.kind()).isNotNull();
              assertThat(section.direction()).isIn("sendrecv", "sendonly", "recvonly", "inactive");
              assertThat(section.ssrc()).isBetween(0L, 0xFFFFFFFFL);
            });
  }
}
