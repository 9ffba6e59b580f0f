package org.medirelay.media.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.congestion.ProbeController;
import org.medirelay.media.congestion.ProbePadding;

/**
 * Fits what one receiver gets to its link, a few times a second: its {@link DownlinkEstimate}, less
 * the audio it receives, is shared among its video consumers by the {@link LayerAllocator}; each
 * consumer is given its layer (or paused), the receiver's page is told which videos are paused for
 * its connection, and when a video is held below the layer its tile could show, the {@link
 * ProbeController} probes whether the link carries what the receiver wants: every video at that
 * layer, with the margin a climb needs.
 *
 * <p>Each round first judges a probe whose feedback is in (so the layers follow what it showed),
 * then chooses layers, then starts a probe if one is due.
 *
 * <p>Until the receiver has sent usable transport-cc feedback (a browser without it, or the first
 * moments of a call), nothing is known of its link and every video gets the best layer its tile
 * shows, as without adaptation.
 */
public final class DownlinkAllocation {

  private static final Logger LOG = Logger.getLogger(DownlinkAllocation.class.getName());

  /** What the receiver's page hears of its videos. */
  public interface Listener {
    /** The video of {@code publisherId} was paused (true) or resumed (false) for this receiver. */
    void videoPaused(String publisherId, boolean paused);
  }

  private final DownlinkEstimate estimate;
  private final ProbeController probes;
  private final Listener listener;
  private final List<Consumer> videos = new ArrayList<>();
  private final List<Integer> given = new ArrayList<>();
  private volatile boolean audioOnly;

  public DownlinkAllocation(DownlinkEstimate estimate, ProbePadding probe, Listener listener) {
    this.estimate = estimate;
    this.probes = new ProbeController(estimate, probe);
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
    probes.judge(now);
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
      if (chosen[i] != array[i].current() && LOG.isLoggable(Level.FINE)) {
        LOG.fine(describe(array[i], chosen[i], budget));
      }
      give(array[i], chosen[i]);
    }
    if (budget >= 0 && !audioOnly) {
      probeIfHeldBack(array, chosen, audio, now);
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
   * Probes when a video is held below the best layer its tile shows: toward all of them at their
   * best (with the margin a climb needs), from what is forwarded now.
   */
  private void probeIfHeldBack(Stream[] streams, int[] chosen, long audio, long now) {
    boolean heldBack = false;
    boolean videoForwarded = false;
    long wanted = audio;
    long sending = audio;
    for (int i = 0; i < streams.length; i++) {
      int best = LayerAllocator.best(streams[i]);
      long bestRate = best == LayerAllocator.PAUSED ? 0 : streams[i].bitrate(best);
      heldBack |= best > chosen[i] && bestRate > 0;
      wanted += bestRate;
      int current = streams[i].consumer.currentLayer();
      sending += current < 0 ? 0 : streams[i].bitrate(current);
      videoForwarded |= current >= 0;
    }
    probes.probeIfDue(
        heldBack ? (long) (wanted * LayerAllocator.CLIMB_MARGIN) : 0,
        sending,
        !videoForwarded,
        now);
  }

  /** "alice: bob's video to layer 1 (was 0), budget 540 kbit/s; layers 140/live 420/live 0/-". */
  private String describe(Stream stream, int layer, long budget) {
    StringBuilder line = new StringBuilder(estimate.name()).append(": ");
    line.append(stream.consumer.producer().publisher().id()).append("'s video to ");
    line.append(layer == LayerAllocator.PAUSED ? "paused" : "layer " + layer);
    line.append(" (was ")
        .append(stream.current() == LayerAllocator.PAUSED ? "paused" : stream.current());
    line.append(", forwarding ").append(stream.consumer.currentLayer()).append("), budget ");
    line.append(budget < 0 ? "unmeasured" : budget / 1000 + " kbit/s").append("; layers");
    for (LayerState state : stream.layers) {
      line.append(' ').append(state.bitrate() / 1000).append(state.live() ? "/live" : "/-");
    }
    return line.toString();
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

    /**
     * How many times the bits of the layer below an unmeasured layer is taken to carry: a simulcast
     * layer has four times the pixels of the one below, and browsers give it about three times the
     * bits.
     */
    private static final long UNMEASURED_LAYER_STEP = 3;

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

    /**
     * A live layer's rate; for one that started less than a second ago, not measured yet, a guess
     * from the layers below it (taken as free, it once sent a receiver capped to 350 kbit/s the
     * 720-line layer the moment its publisher turned it back on).
     */
    @Override
    public long bitrate(int layer) {
      LayerState state = layers.get(layer);
      if (!state.live()) {
        return 0;
      }
      if (state.bitrate() > 0) {
        return state.bitrate();
      }
      long step = UNMEASURED_LAYER_STEP;
      for (int below = layer - 1; below >= 0; below--, step *= UNMEASURED_LAYER_STEP) {
        long rate = layers.get(below).bitrate();
        if (rate > 0) {
          return rate * step;
        }
      }
      return 1;
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
  }
}
