package org.medirelay.testkit;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The arithmetic over a browser's {@link CallSample}s: figures for a window of time, and how long
 * the video took to recover after a change. Pure: no browser, no clock.
 *
 * <p>Counters are cumulative; a window's figure is the sum of the increases between consecutive
 * samples in it. A counter that goes down belongs to a new connection (the page reconnected), whose
 * counters started from zero: that step counts its new value.
 */
public final class CallStats {

  private final List<CallSample> samples;

  public CallStats(List<CallSample> samples) {
    this.samples = samples.stream().sorted(Comparator.comparingLong(CallSample::atMillis)).toList();
  }

  public List<CallSample> samples() {
    return samples;
  }

  /** The samples taken from {@code fromMillis} to {@code toMillis}, both included. */
  public List<CallSample> between(long fromMillis, long toMillis) {
    return samples.stream()
        .filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis)
        .toList();
  }

  /**
   * The figures over the samples taken from {@code fromMillis} to {@code toMillis}: rates over the
   * time from the first to the last of them. Fewer than two samples make an empty window (0 s, no
   * frames, NaN concealment).
   */
  public CallWindow window(long fromMillis, long toMillis) {
    List<CallSample> in = between(fromMillis, toMillis);
    if (in.size() < 2) {
      CallSample last = in.isEmpty() ? null : in.get(0);
      return new CallWindow(
          0,
          0,
          last == null ? 0 : last.videoIn().width(),
          last == null ? 0 : last.videoIn().height(),
          0,
          0,
          Double.NaN,
          0,
          0,
          Double.NaN,
          "");
    }
    CallSample first = in.get(0);
    CallSample last = in.get(in.size() - 1);
    double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
    long concealed = increase(in, s -> s.audioIn().concealedSamples());
    long played = increase(in, s -> s.audioIn().totalSamplesReceived());
    return new CallWindow(
        seconds,
        increase(in, s -> s.videoIn().framesDecoded()) / seconds,
        last.videoIn().width(),
        last.videoIn().height(),
        increase(in, s -> s.videoIn().freezeCount()),
        increaseOf(in, s -> s.videoIn().totalFreezesSeconds()),
        played == 0 ? Double.NaN : (double) concealed / played,
        increase(in, s -> s.videoIn().bytesReceived()) * 8 / seconds / 1000,
        increase(in, s -> s.videoOut().bytesSent()) * 8 / seconds / 1000,
        meanTarget(in) / 1000,
        mostFrequentLimitation(in));
  }

  /**
   * Whether media flows now: from the second-last sample to the last, the browser decoded video
   * frames, of a known size, and received audio packets. False with fewer than two samples.
   */
  public boolean flowing() {
    if (samples.size() < 2) {
      return false;
    }
    CallSample before = samples.get(samples.size() - 2);
    CallSample last = samples.get(samples.size() - 1);
    return last.videoIn().framesDecoded() > before.videoIn().framesDecoded()
        && last.videoIn().width() > 0
        && last.videoIn().height() > 0
        && last.audioIn().packetsReceived() > before.audioIn().packetsReceived();
  }

  /**
   * How long after {@code changeAtMillis} the received video was back to at least {@code minHeight}
   * rows at {@code minFps} frames per second, and stayed so for {@code hold}: the time to the first
   * sample from which every sample for {@code hold} meets both (each sample's frame rate measured
   * since the sample before it). Empty when that never happened in the samples.
   */
  public Optional<Duration> recovery(
      long changeAtMillis, int minHeight, double minFps, Duration hold) {
    for (int i = 1; i < samples.size(); i++) {
      if (samples.get(i).atMillis() < changeAtMillis) {
        continue;
      }
      long holdUntil = samples.get(i).atMillis() + hold.toMillis();
      boolean held = false;
      for (int j = i; j < samples.size(); j++) {
        if (!meets(samples.get(j - 1), samples.get(j), minHeight, minFps)) {
          break;
        }
        if (samples.get(j).atMillis() >= holdUntil) {
          held = true;
          break;
        }
      }
      if (held) {
        return Optional.of(Duration.ofMillis(samples.get(i).atMillis() - changeAtMillis));
      }
    }
    return Optional.empty();
  }

  private static boolean meets(CallSample before, CallSample after, int minHeight, double minFps) {
    double seconds = (after.atMillis() - before.atMillis()) / 1000.0;
    long frames = step(before.videoIn().framesDecoded(), after.videoIn().framesDecoded());
    return after.videoIn().height() >= minHeight && seconds > 0 && frames / seconds >= minFps;
  }

  private static long increase(List<CallSample> in, ToLongFunction<CallSample> counter) {
    long sum = 0;
    for (int i = 1; i < in.size(); i++) {
      sum += step(counter.applyAsLong(in.get(i - 1)), counter.applyAsLong(in.get(i)));
    }
    return sum;
  }

  private static double increaseOf(List<CallSample> in, DoubleCounter counter) {
    double sum = 0;
    for (int i = 1; i < in.size(); i++) {
      double before = counter.of(in.get(i - 1));
      double after = counter.of(in.get(i));
      sum += after >= before ? after - before : after;
    }
    return sum;
  }

  /** A counter's increase from one sample to the next; after a reset, its new value. */
  private static long step(long before, long after) {
    return after >= before ? after - before : after;
  }

  private static double meanTarget(List<CallSample> in) {
    return in.stream()
        .mapToDouble(s -> s.videoOut().targetBitrate())
        .filter(v -> !Double.isNaN(v))
        .average()
        .orElse(Double.NaN);
  }

  private static String mostFrequentLimitation(List<CallSample> in) {
    Map<String, Integer> counts = new HashMap<>();
    for (CallSample s : in) {
      String reason = s.videoOut().qualityLimitationReason();
      if (!reason.isEmpty()) {
        counts.merge(reason, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(
            Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse("");
  }

  @FunctionalInterface
  private interface DoubleCounter {
    double of(CallSample sample);
  }
}
