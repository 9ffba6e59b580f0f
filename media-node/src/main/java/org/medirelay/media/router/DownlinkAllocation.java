package org.medirelay.media.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.congestion.ProbePadding;

/**
 * Fits what one receiver gets to its link, a few times a second: its {@link DownlinkEstimate}, less
 * the audio it receives, is shared among its video consumers by the {@link LayerAllocator}; each
 * consumer is given its layer (or paused), the receiver's page is told which videos are paused for
 * its connection, and when a video is held below the layer its tile could show, a {@link
 * ProbePadding probe} tests whether the link now carries the next layer.
 *
 * <p>A probe stops the moment the estimate sees a queue build (so on a link that is really full it
 * costs a fraction of a second of padding), and probes back off: after one that did not raise the
 * estimate, the next waits twice as long, up to {@link #MAX_PROBE_WAIT_NANOS} (which bounds how
 * long a receiver waits for its video to climb after its link gets better); a probe that succeeded,
 * or a receiver that stops needing one, resets the wait.
 *
 * <p>Until the receiver has sent usable transport-cc feedback (a browser without it, or the first
 * moments of a call), nothing is known of its link and every video gets the best layer its tile
 * shows, as without adaptation.
 */
public final class DownlinkAllocation {

  /** How long a probe lasts: long enough for several feedback reports to measure it. */
  static final long PROBE_NANOS = 700_000_000L;

  /** The feedback about a probe's last packets arrives this long after them, give or take. */
  static final long FEEDBACK_GRACE_NANOS = 200_000_000L;

  static final long FIRST_PROBE_WAIT_NANOS = 2_000_000_000L;
  static final long MAX_PROBE_WAIT_NANOS = 8_000_000_000L;

  /**
   * Padding above the next layer's rate, so the probe shows room for it with some to spare (but
   * never more than half the estimate).
   */
  static final double PROBE_HEADROOM = 1.25;

  /** What the receiver's page hears of its videos. */
  public interface Listener {
    /** The video of {@code publisherId} was paused (true) or resumed (false) for this receiver. */
    void videoPaused(String publisherId, boolean paused);
  }

  private final DownlinkEstimate estimate;
  private final ProbePadding probe;
  private final Listener listener;
  private final List<Consumer> videos = new ArrayList<>();
  private final List<Integer> given = new ArrayList<>();
  private volatile boolean audioOnly;
  private long probeWait = FIRST_PROBE_WAIT_NANOS;
  private long nextProbe;
  private long probeEnds = Long.MIN_VALUE;
  private long estimateBeforeProbe;

  public DownlinkAllocation(DownlinkEstimate estimate, ProbePadding probe, Listener listener) {
    this.estimate = estimate;
    this.probe = probe;
    this.listener = listener;
  }

  /** The receiver asked for audio only (its page's choice): no video at all, no probes. */
  public void setAudioOnly(boolean audioOnly) {
    this.audioOnly = audioOnly;
  }

  /**
   * Chooses layers for {@code consumers}, everything this receiver gets now.
   *
   * @param speakerId the conference's active speaker, whose video is served first (or null)
   */
  public synchronized void allocate(Iterable<Consumer> consumers, String speakerId, long now) {
    long audio = 0;
    List<Stream> streams = new ArrayList<>();
    for (Consumer consumer : consumers) {
      if (consumer.producer().kind() == Producer.Kind.AUDIO) {
        audio += consumer.layers().get(0).bitrate();
      } else {
        streams.add(new Stream(consumer, speakerId, givenTo(consumer)));
      }
    }
    forgetGone(streams);
    Stream[] array = streams.toArray(Stream[]::new);
    int[] chosen = new int[array.length];
    long budget = estimate.measured() ? Math.max(0, estimate.bitsPerSecond() - audio) : -1;
    if (audioOnly) {
      Arrays.fill(chosen, LayerAllocator.PAUSED);
    } else {
      LayerAllocator.allocate(budget, array, chosen);
    }
    for (int i = 0; i < array.length; i++) {
      give(array[i], chosen[i]);
    }
    if (budget >= 0 && !audioOnly) {
      probeIfHeldBack(array, chosen, now);
    }
  }

  private void give(Stream stream, int layer) {
    int before = stream.current();
    Consumer consumer = stream.consumer;
    consumer.setTarget(layer == LayerAllocator.PAUSED ? Consumer.NONE : layer);
    int at = videos.indexOf(consumer);
    if (at < 0) {
      videos.add(consumer);
      given.add(layer);
    } else {
      given.set(at, layer);
    }
    boolean wasPaused = before == LayerAllocator.PAUSED && at >= 0;
    boolean paused = layer == LayerAllocator.PAUSED;
    // Audio only was the page's own choice: it needs no word of the videos that stop for it.
    if (paused != wasPaused && !(paused && audioOnly)) {
      listener.videoPaused(consumer.producer().publisher().id(), paused);
    }
  }

  /**
   * Starts a probe when a video is held below the layer its tile shows and none runs; judges the
   * last probe by whether the estimate rose.
   */
  private void probeIfHeldBack(Stream[] streams, int[] chosen, long now) {
    if (probe.probing()) {
      return;
    }
    if (probeEnds != Long.MIN_VALUE && now - probeEnds >= 0) {
      estimate.probeEnded();
      boolean raised = estimate.bitsPerSecond() > estimateBeforeProbe * 11 / 10;
      probeWait = raised ? FIRST_PROBE_WAIT_NANOS : Math.min(probeWait * 2, MAX_PROBE_WAIT_NANOS);
      probeEnds = Long.MIN_VALUE;
    }
    long extra = 0;
    for (int i = 0; i < streams.length && extra == 0; i++) {
      extra = streams[i].nextLayerExtra(chosen[i]);
    }
    if (extra == 0) {
      probeWait = FIRST_PROBE_WAIT_NANOS;
      return;
    }
    if (now - nextProbe < 0) {
      return;
    }
    estimateBeforeProbe = estimate.bitsPerSecond();
    estimate.probeStarted(probe);
    // At most half the estimate on top of it: a link that is really full then queues a little
    // for a moment, and one that is free shows half as much again each time.
    long padding = Math.min((long) (extra * PROBE_HEADROOM), estimateBeforeProbe / 2);
    probe.probe(padding, PROBE_NANOS);
    probeEnds = now + PROBE_NANOS + FEEDBACK_GRACE_NANOS;
    nextProbe = now + PROBE_NANOS + probeWait;
  }

  private int givenTo(Consumer consumer) {
    int at = videos.indexOf(consumer);
    return at < 0 ? LayerAllocator.PAUSED : given.get(at);
  }

  private void forgetGone(List<Stream> present) {
    for (int i = videos.size() - 1; i >= 0; i--) {
      Consumer consumer = videos.get(i);
      if (present.stream().noneMatch(s -> s.consumer == consumer)) {
        videos.remove(i);
        given.remove(i);
      }
    }
  }

  /** One video consumer as the allocator reads it, from one reading of its layers. */
  private static final class Stream implements LayerAllocator.Stream {
    final Consumer consumer;
    private final List<LayerState> layers;
    private final boolean preferred;
    private final int current;
    private final int maxLayer;

    Stream(Consumer consumer, String speakerId, int current) {
      this.consumer = consumer;
      this.layers = consumer.layers();
      this.preferred = consumer.producer().publisher().id().equals(speakerId);
      this.current = current;
      this.maxLayer = consumer.tileLimit();
    }

    @Override
    public int layerCount() {
      return layers.size();
    }

    @Override
    public long bitrate(int layer) {
      LayerState state = layers.get(layer);
      return state.live() ? Math.max(1, state.bitrate()) : 0;
    }

    @Override
    public int maxLayer() {
      return maxLayer;
    }

    @Override
    public int current() {
      return current;
    }

    @Override
    public boolean preferred() {
      return preferred;
    }

    /** What the next live layer above {@code chosen} (within the tile) adds, or 0 if none. */
    long nextLayerExtra(int chosen) {
      long base = chosen == LayerAllocator.PAUSED ? 0 : bitrate(chosen);
      for (int layer = chosen + 1; layer <= Math.min(maxLayer, layers.size() - 1); layer++) {
        if (bitrate(layer) > 0) {
          return bitrate(layer) - base;
        }
      }
      return 0;
    }
  }
}
