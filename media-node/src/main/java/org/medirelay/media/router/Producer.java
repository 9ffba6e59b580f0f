package org.medirelay.media.router;

import java.util.Arrays;
import java.util.List;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.Filter;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One stream a participant publishes (its microphone, or its camera or screen), as mediasoup's
 * Producer: its {@link Layer}s (one, or one per simulcast rid, lowest first), what the node
 * receives of them, the keyframe requests sent to the publisher, and the {@link Consumer}s fed from
 * it. Each layer's path ends in a fan out, which gives every consumer a copy of its own, since each
 * encrypts with its receiver's keys, and tells it the layer:
 *
 * <pre>
 * layer i path … → not held → consumers: for each consumer, a copy → its layer i entry
 *   → its send path
 * </pre>
 *
 * A simulcast producer reaches subscribers under one SSRC the node chose ({@link #ssrc}); a
 * producer without simulcast under its publisher's.
 *
 * <p>The consumer set is a copy-on-write array the {@link Router} changes under its lock; the
 * packet path reads it without locking or allocating.
 */
public final class Producer {

  /** What a producer carries, and the RTP clock rate of its codec (Opus, VP8). */
  public enum Kind {
    AUDIO(48_000),
    VIDEO(90_000);

    final int clockRate;

    Kind(int clockRate) {
      this.clockRate = clockRate;
    }
  }

  /** At most one keyframe request to the publisher in this window: receivers ask in bursts. */
  static final long KEYFRAME_INTERVAL_NANOS = 300_000_000L;

  private final Endpoint publisher;
  private final Kind kind;
  private final Layer[] layers;
  private final long forwardedSsrc;
  private final long nodeSsrc;
  private final NanoClock clock;
  private final PacketPool pool;
  private final MediaMetrics metrics;
  private volatile Consumer[] consumers = new Consumer[0];
  private volatile boolean closed;

  /** While true, nothing of it reaches its consumers: a host muted its publisher. */
  private volatile boolean held;

  private final boolean[] keyframeRequested;
  private final long[] lastKeyframeRequestNanos;

  /**
   * A producer of one layer.
   *
   * @param ssrc the stream's SSRC, as the publisher's answer announced it
   * @param cacheSize packets kept to answer NACKs (video only)
   * @param nodeSsrc the sender SSRC of RTCP the node writes itself
   * @param observer watches every packet once decrypted (for audio, the conference's active speaker
   *     reads the levels), or null
   */
  public Producer(
      Endpoint publisher,
      Kind kind,
      long ssrc,
      int cacheSize,
      long nodeSsrc,
      NanoClock clock,
      PacketPool pool,
      MediaMetrics metrics,
      Observe observer) {
    this(
        publisher, kind, List.of(), ssrc, ssrc, cacheSize, nodeSsrc, clock, pool, metrics,
        observer);
  }

  /**
   * A simulcast video producer: one layer per rid, lowest first, each SSRC learned from the first
   * packets that carry the rid; subscribers receive it as {@code forwardedSsrc}, which the {@link
   * Router} chose.
   */
  static Producer simulcast(
      Endpoint publisher,
      List<String> rids,
      long forwardedSsrc,
      int cacheSize,
      long nodeSsrc,
      NanoClock clock,
      PacketPool pool,
      MediaMetrics metrics) {
    return new Producer(
        publisher,
        Kind.VIDEO,
        rids,
        0,
        forwardedSsrc,
        cacheSize,
        nodeSsrc,
        clock,
        pool,
        metrics,
        null);
  }

  private Producer(
      Endpoint publisher,
      Kind kind,
      List<String> rids,
      long ssrc,
      long forwardedSsrc,
      int cacheSize,
      long nodeSsrc,
      NanoClock clock,
      PacketPool pool,
      MediaMetrics metrics,
      Observe observer) {
    this.publisher = publisher;
    this.kind = kind;
    this.forwardedSsrc = forwardedSsrc;
    this.nodeSsrc = nodeSsrc;
    this.clock = clock;
    this.pool = pool;
    this.metrics = metrics;
    int cache = kind == Kind.VIDEO ? cacheSize : 0;
    int count = Math.max(1, rids.size());
    this.layers = new Layer[count];
    for (int i = 0; i < count; i++) {
      int index = i;
      Stage fanOut =
          Stage.chain(
              Filter.of("not held (muted by a host)", metrics.mutedByHost, p -> !held),
              Consume.of("consumers", p -> fanOut(p, index)));
      if (kind == Kind.VIDEO) {
        fanOut =
            Stage.chain(
                new NackRequester(publisher.rtcpOut(), pool, nodeSsrc, metrics).stage(), fanOut);
      }
      String rid = rids.isEmpty() ? null : rids.get(i);
      layers[i] = new Layer(i, rid, ssrc, kind, cache, publisher, observer, fanOut);
    }
    this.keyframeRequested = new boolean[count];
    this.lastKeyframeRequestNanos = new long[count];
  }

  public Endpoint publisher() {
    return publisher;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The SSRC subscribers receive it with: the node's choice with simulcast, else the publisher's.
   */
  public long ssrc() {
    return forwardedSsrc;
  }

  /** True when it has a layer per simulcast rid, whose packets consumers rewrite. */
  public boolean isSimulcast() {
    return layers[0].rid() != null;
  }

  /** The rids of its layers, lowest first (empty without simulcast). */
  public List<String> rids() {
    return isSimulcast() ? Arrays.stream(layers).map(Layer::rid).toList() : List.of();
  }

  /** The node's counters, which its consumers' stages count in too. */
  MediaMetrics metrics() {
    return metrics;
  }

  long clockNanos() {
    return clock.nanos();
  }

  /** Its layers as they stand now, lowest first. */
  public List<LayerState> layerStates() {
    long now = clock.nanos();
    return Arrays.stream(layers).map(layer -> layer.state(now)).toList();
  }

  Layer[] layers() {
    return layers;
  }

  /** The layer with this SSRC, or null. */
  Layer layer(long ssrc) {
    for (Layer layer : layers) {
      if (layer.ssrc() == ssrc) {
        return layer;
      }
    }
    return null;
  }

  /**
   * The simulcast layer whose rid is the {@code length} bytes at {@code at} in {@code p} (an
   * rtp-stream-id element), or null; compares bytes, allocates nothing.
   */
  Layer layerWithRid(Packet p, int at, int length) {
    for (Layer layer : layers) {
      String rid = layer.rid();
      if (rid != null && rid.length() == length && sameBytes(rid, p, at)) {
        return layer;
      }
    }
    return null;
  }

  private static boolean sameBytes(String rid, Packet p, int at) {
    for (int i = 0; i < rid.length(); i++) {
      if (p.byteAt(at + i) != rid.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** True while a layer's SSRC is still to be learned. */
  boolean awaitsSsrc() {
    for (Layer layer : layers) {
      if (layer.ssrc() == 0) {
        return true;
      }
    }
    return false;
  }

  /** What the node received of each layer whose SSRC is known, for receiver reports. */
  ReceiveStatistics[] statistics() {
    return Arrays.stream(layers)
        .map(Layer::statistics)
        .filter(s -> s != null)
        .toArray(ReceiveStatistics[]::new);
  }

  /** The worst loss any of its receivers reported lately, in 256ths. */
  int worstReceiverLoss() {
    int worst = 0;
    for (Consumer consumer : consumers) {
      worst = Math.max(worst, consumer.receiverLoss());
    }
    return worst;
  }

  /**
   * Holds back (true) or forwards again (false) everything it receives; the publisher's browser
   * keeps sending, so its statistics and keys stay current.
   */
  public void hold(boolean hold) {
    held = hold;
  }

  boolean isClosed() {
    return closed;
  }

  private void fanOut(Packet p, int layer) {
    Consumer[] to = consumers;
    for (Consumer consumer : to) {
      consumer.forward(pool.copyOf(p), layer);
    }
    p.release();
    if (to.length > 0) {
      metrics.rtpForwarded.increment(to.length);
    }
  }

  /**
   * The publisher's SR about {@code layer}: notes its time for the receiver reports, and sends its
   * sender info to every consumer, so their lip sync and statistics stay right.
   */
  void senderReport(Layer layer, Packet compound, int at) {
    // The middle 32 bits of the 64-bit NTP time (RFC 3550 section 6.4.1, LSR).
    layer.statistics().onSenderReport(compound.uint32At(at + 10), compound.receivedNanos());
    for (Consumer consumer : consumers) {
      consumer.sendSenderReport(layer.index(), compound, at);
    }
  }

  /**
   * Asks the publisher for a keyframe of video layer {@code layer} (a PLI for its SSRC), at most
   * once per {@link #KEYFRAME_INTERVAL_NANOS}; nothing for audio, for a layer whose SSRC is not
   * known yet, nor before the publisher's keys are ready.
   */
  synchronized void requestKeyframe(int layer) {
    long now = clock.nanos();
    long ssrc = layers[layer].ssrc();
    if (kind != Kind.VIDEO
        || closed
        || ssrc == 0
        || !publisher.hasKeys().getAsBoolean()
        || (keyframeRequested[layer]
            && now - lastKeyframeRequestNanos[layer] < KEYFRAME_INTERVAL_NANOS)) {
      return;
    }
    keyframeRequested[layer] = true;
    lastKeyframeRequestNanos[layer] = now;
    Packet pli = pool.take();
    Rtcp.writePli(pli, nodeSsrc, ssrc);
    metrics.keyframeRequests.increment();
    publisher.rtcpOut().accept(pli);
  }

  /**
   * Asks for a keyframe of the best layer live now, the one a newcomer starts on while the size of
   * its tile is not known: it takes about as long to come as the newcomer's answer, ICE and DTLS
   * (see {@link Consumer#receiverReady}).
   */
  public void requestKeyframeForNewcomer() {
    long now = clock.nanos();
    for (int i = layers.length - 1; i >= 0; i--) {
      if (layers[i].isLive(now)) {
        requestKeyframe(i);
        return;
      }
    }
  }

  // Changed by the router, under its lock.

  void add(Consumer consumer) {
    Consumer[] current = consumers;
    Consumer[] bigger = Arrays.copyOf(current, current.length + 1);
    bigger[current.length] = consumer;
    consumers = bigger;
  }

  void remove(Consumer consumer) {
    consumers = Arrays.stream(consumers).filter(c -> c != consumer).toArray(Consumer[]::new);
  }

  void close() {
    closed = true;
    consumers = new Consumer[0];
  }
}
