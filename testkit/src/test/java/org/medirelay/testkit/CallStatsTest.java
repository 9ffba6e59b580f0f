package org.medirelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallStatsTest {

  private static final long T0 = 1_700_000_000_000L;

  /** A call sample at {@code second} seconds after T0 with the given cumulative counters. */
  private static CallSample at(
      double second,
      long frames,
      int height,
      long freezes,
      double freezeSeconds,
      long concealed,
      long played,
      long bytesIn) {
    return new CallSample(
        T0 + Math.round(second * 1000),
        new CallSample.VideoIn(
            frames, 20, height * 4 / 3, height, freezes, freezeSeconds, bytesIn, 0, 0),
        new CallSample.AudioIn(concealed, played, 0, 0),
        new CallSample.VideoOut(bytesIn / 2, 640, 480, 20, 1_000_000, "none"),
        0.01,
        Double.NaN);
  }

  /** Steady 20 fps at 480 rows, 1000 audio samples a second, 100 kB of video a second. */
  private static List<CallSample> steady(int fromSecond, int toSecond) {
    List<CallSample> samples = new ArrayList<>();
    for (int s = fromSecond; s <= toSecond; s++) {
      samples.add(at(s, 20L * s, 480, 0, 0, 0, 1000L * s, 100_000L * s));
    }
    return samples;
  }

  @Test
  void aWindowsRatesAreItsCountersIncreasesOverTheTimeItsSamplesSpan() {
    List<CallSample> samples = new ArrayList<>(steady(0, 10));
    // 11 s to 20 s: 5 fps at 240 rows, 2 freezes lasting 3 s in all, 10 % of the audio concealed.
    for (int s = 11; s <= 20; s++) {
      samples.add(
          at(
              s,
              200 + 5L * (s - 10),
              240,
              s >= 15 ? 2 : 1,
              s >= 15 ? 3.0 : 1.0,
              100L * (s - 10),
              1000L * s,
              1_000_000 + 25_000L * (s - 10)));
    }
    CallStats stats = new CallStats(samples);

    CallWindow good = stats.window(T0, T0 + 10_000);
    assertThat(good.seconds()).isEqualTo(10.0);
    assertThat(good.framesPerSecond()).isEqualTo(20.0);
    assertThat(good.resolution()).isEqualTo("640x480");
    assertThat(good.freezes()).isZero();
    assertThat(good.concealment()).isZero();
    assertThat(good.videoKbps()).isEqualTo(800.0);
    assertThat(good.sentVideoKbps()).isEqualTo(400.0);
    assertThat(good.targetKbps()).isEqualTo(1000.0);
    assertThat(good.limitation()).isEqualTo("none");

    CallWindow bad = stats.window(T0 + 10_000, T0 + 20_000);
    assertThat(bad.framesPerSecond()).isEqualTo(5.0);
    assertThat(bad.resolution()).isEqualTo("320x240");
    assertThat(bad.freezes()).isEqualTo(2);
    assertThat(bad.freezeSeconds()).isCloseTo(3.0, within(1e-9));
    assertThat(bad.concealment()).isCloseTo(0.1, within(1e-9));
    assertThat(bad.videoKbps()).isEqualTo(200.0);
  }

  @Test
  void aWindowTakesOnlyTheSamplesInsideIt() {
    CallStats stats = new CallStats(steady(0, 30));

    CallWindow window = stats.window(T0 + 4_500, T0 + 9_500);

    assertThat(stats.between(T0 + 4_500, T0 + 9_500)).hasSize(5);
    assertThat(window.seconds()).isEqualTo(4.0);
    assertThat(window.framesPerSecond()).isEqualTo(20.0);
  }

  @Test
  void aCounterThatFallsBelongsToANewConnectionAndCountsFromZero() {
    List<CallSample> samples = new ArrayList<>(steady(0, 5));
    // The page reconnected between 5 s and 6 s: the new connection has decoded 10 frames by 6 s.
    samples.add(at(6, 10, 480, 0, 0, 0, 1000, 50_000));
    samples.add(at(7, 30, 480, 0, 0, 0, 2000, 150_000));

    CallWindow window = new CallStats(samples).window(T0 + 4_000, T0 + 7_000);

    assertThat(window.framesPerSecond()).isEqualTo((20 + 10 + 20) / 3.0);
  }

  @Test
  void samplesOutOfOrderAreSortedByTime() {
    List<CallSample> samples = new ArrayList<>(steady(0, 5));
    Collections.reverse(samples);

    assertThat(new CallStats(samples).window(T0, T0 + 5_000).framesPerSecond()).isEqualTo(20.0);
  }

  @Test
  void fewerThanTwoSamplesMakeAnEmptyWindow() {
    CallWindow window = new CallStats(steady(0, 0)).window(T0, T0 + 1_000);

    assertThat(window.seconds()).isZero();
    assertThat(window.framesPerSecond()).isZero();
    assertThat(window.resolution()).isEqualTo("640x480");
    assertThat(window.concealment()).isNaN();
    assertThat(new CallStats(List.of()).window(T0, T0 + 1).resolution()).isEqualTo("-");
  }

  @Test
  void noAudioPlayedMeansNoConcealmentFigure() {
    List<CallSample> samples = List.of(at(0, 0, 480, 0, 0, 0, 0, 0), at(1, 20, 480, 0, 0, 0, 0, 0));

    assertThat(new CallStats(samples).window(T0, T0 + 1_000).concealment()).isNaN();
  }

  @Test
  void recoveryIsTheTimeToTheFirstSampleFromWhichTheVideoStaysGoodForTheHold() {
    List<CallSample> samples = new ArrayList<>(steady(0, 10));
    long frames = 200;
    // Capped from 10 s; the cap lifts at 20 s. Frozen until 22 s, 240 rows at 20 fps until 24 s,
    // one good second at 25 s, a bad one at 26 s, good from 27 s on.
    for (int s = 11; s <= 35; s++) {
      boolean fast = s > 22 && s != 26;
      frames += fast ? 20 : 0;
      int height = s >= 25 && s != 26 ? 480 : 240;
      samples.add(at(s, frames, height, 0, 0, 0, 1000L * s, 0));
    }
    CallStats stats = new CallStats(samples);
    long lifted = T0 + 20_000;

    assertThat(stats.recovery(lifted, 480, 15, Duration.ofSeconds(3)))
        .contains(Duration.ofSeconds(7));
    assertThat(stats.recovery(lifted, 240, 15, Duration.ofSeconds(3)))
        .contains(Duration.ofSeconds(7));
    assertThat(stats.recovery(lifted, 240, 15, Duration.ofSeconds(2)))
        .contains(Duration.ofSeconds(3));
    assertThat(stats.recovery(lifted, 480, 15, Duration.ofSeconds(30))).isEmpty();
    assertThat(stats.recovery(lifted, 720, 15, Duration.ofSeconds(3))).isEmpty();
  }

  @Test
  void recoveryToleratesSamplesThatAreNotExactlyASecondApart() {
    List<CallSample> samples = new ArrayList<>();
    long frames = 0;
    double[] times = {0, 1.1, 1.9, 3.2, 4.05, 5.3, 6.0};
    for (double t : times) {
      frames += 25;
      samples.add(at(t, frames, 480, 0, 0, 0, 0, 0));
    }

    assertThat(new CallStats(samples).recovery(T0 + 1_000, 480, 15, Duration.ofSeconds(3)))
        .contains(Duration.ofMillis(100));
  }

  @Test
  void mediaFlowsWhenTheLastSecondDecodedSizedFramesAndReceivedAudio() {
    CallSample first = withMedia(0, 0, 0, 0);
    CallSample decoding = withMedia(1, 20, 480, 50);

    assertThat(new CallStats(List.of(first)).flowing()).isFalse();
    assertThat(new CallStats(List.of(first, decoding)).flowing()).isTrue();
    assertThat(new CallStats(List.of(decoding, withMedia(2, 20, 480, 100))).flowing())
        .as("no new frame")
        .isFalse();
    assertThat(new CallStats(List.of(decoding, withMedia(2, 40, 0, 100))).flowing())
        .as("frames of no size")
        .isFalse();
    assertThat(new CallStats(List.of(decoding, withMedia(2, 40, 480, 50))).flowing())
        .as("no new audio packet")
        .isFalse();
  }

  private static CallSample withMedia(int second, long frames, int height, long audioPackets) {
    return new CallSample(
        T0 + second * 1000L,
        new CallSample.VideoIn(frames, 20, height * 4 / 3, height, 0, 0, 0, 0, 0),
        new CallSample.AudioIn(0, 0, audioPackets, 0),
        CallSample.VideoOut.NONE,
        Double.NaN,
        Double.NaN);
  }
}
