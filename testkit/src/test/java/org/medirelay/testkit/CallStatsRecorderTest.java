package org.medirelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallStatsRecorderTest {

  @Test
  void readsTheSamplesThePageScriptWrites() {
    String json =
        "{\"at\":1700000000000,\"videoIn\":{\"framesDecoded\":400,\"framesPerSecond\":19.5,"
            + "\"width\":640,\"height\":480,\"freezeCount\":1,\"totalFreezesDuration\":0.6,"
            + "\"bytesReceived\":123456,\"packetsReceived\":300,\"packetsLost\":3},"
            + "\"audioIn\":{\"concealedSamples\":480,\"totalSamplesReceived\":96000,"
            + "\"packetsReceived\":100,\"packetsLost\":1},"
            + "\"videoOut\":{\"bytesSent\":654321,\"width\":640,\"height\":480,"
            + "\"framesPerSecond\":20,\"targetBitrate\":null,\"qualityLimitationReason\":\"bandwidth\"},"
            + "\"roundTripTime\":0.012,\"availableOutgoingBitrate\":null}";

    CallSample sample = CallStatsRecorder.parse(AppApi.JSON.readTree(json));

    assertThat(sample.atMillis()).isEqualTo(1_700_000_000_000L);
    assertThat(sample.videoIn())
        .isEqualTo(new CallSample.VideoIn(400, 19.5, 640, 480, 1, 0.6, 123456, 300, 3));
    assertThat(sample.audioIn()).isEqualTo(new CallSample.AudioIn(480, 96000, 100, 1));
    assertThat(sample.videoOut().targetBitrate()).isNaN();
    assertThat(sample.videoOut().qualityLimitationReason()).isEqualTo("bandwidth");
    assertThat(sample.roundTripSeconds()).isEqualTo(0.012);
    assertThat(sample.availableOutgoingBitrate()).isNaN();
  }
}
