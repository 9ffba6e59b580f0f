package org.medirelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirefoxParticipantTest {

  @Test
  void readsTheCallStateAndTheSamplesOfOneDriverLine() {
    String line =
        "{\"at\":1700000001000,\"callState\":\"active\",\"samples\":[{\"at\":1700000000900,"
            + "\"videoIn\":{\"framesDecoded\":90,\"framesPerSecond\":30,\"width\":640,\"height\":480,"
            + "\"freezeCount\":1,\"totalFreezesDuration\":0.3},"
            + "\"audioIn\":{\"concealedSamples\":960,\"totalSamplesReceived\":48000,"
            + "\"packetsReceived\":50},\"videoOut\":{\"bytesSent\":90000,\"framesPerSecond\":30}}]}";

    FirefoxParticipant.Line read = FirefoxParticipant.Line.parse(line);

    assertThat(read.callState()).isEqualTo("active");
    assertThat(read.samples()).hasSize(1);
    CallSample sample = read.samples().get(0);
    assertThat(sample.atMillis()).isEqualTo(1_700_000_000_900L);
    assertThat(sample.videoIn())
        .isEqualTo(new CallSample.VideoIn(90, 30, 640, 480, 1, 0.3, 0, 0, 0));
    assertThat(sample.audioIn()).isEqualTo(new CallSample.AudioIn(960, 48000, 50, 0));
  }

  @Test
  void aPageWithoutACallStateOrSamplesYetGivesNeither() {
    FirefoxParticipant.Line read =
        FirefoxParticipant.Line.parse("{\"at\":1700000001000,\"callState\":null,\"samples\":[]}");

    assertThat(read.callState()).isNull();
    assertThat(read.samples()).isEmpty();
  }

  @Test
  void aLineThatIsNoReadingIsRefused() {
    assertThatThrownBy(() -> FirefoxParticipant.Line.parse("Firefox says hello"))
        .isInstanceOf(RuntimeException.class);
  }
}
