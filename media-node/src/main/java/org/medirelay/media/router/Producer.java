package org.medirelay.media.router;

import java.util.Arrays;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One stream a participant publishes (its microphone, or its camera or screen), as mediasoup's
 * Producer: its {@link Layer}s (one today), what the node receives of them, the keyframe requests
 * sent to the publisher, and the {@link Consumer}s fed from it. Each layer's path ends in the fan
 * out, which gives every consumer a copy of its own, since each encrypts with its receiver's keys:
 *
 * <pre>
 * layer path … → consumers: for each consumer, a copy → its send path
 * </pre>
 *
 * The consumer set is a copy-on-write array the {@link Router} changes under its lock; the packet
 * path reads it without locking or allocating.
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
  private final long nodeSsrc;
  private final NanoClock clock;
  private final PacketPool pool;
  private final MediaMetrics metrics;
  private volatile Consumer[] consumers = new Consumer[0];
  private volatile boolean closed;
  private boolean keyframeRequested;
  private long lastKeyframeRequestNanos;

  /**
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
    this.publisher = publisher;
    this.kind = kind;
    this.nodeSsrc = nodeSsrc;
    this.clock = clock;
    this.pool = pool;
    this.metrics = metrics;
    Stage fanOut = Consume.of("consumers", this::fanOut);
    int cache = kind == Kind.VIDEO ? cacheSize : 0;
    this.layers = new Layer[] {new Layer(ssrc, kind.clockRate, cache, publisher, observer, fanOut)};
  }

  public Endpoint publisher() {
    return publisher;
  }

  public Kind kind() {
    return kind;
  }

  /** The SSRC of its one layer: what the publisher sends, and subscribers receive. */
  public long ssrc() {
    return layers[0].ssrc();
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

  /** What the node received of its first layer, for the receiver report to the publisher. */
  public ReceiveStatistics statistics() {
    return layers[0].statistics();
  }

  boolean isClosed() {
    return closed;
  }

  private void fanOut(Packet p) {
    Consumer[] to = consumers;
    for (Consumer consumer : to) {
      consumer.forward(pool.copyOf(p));
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
      consumer.sendSenderReport(compound, at);
    }
  }

  /**
   * Asks the publisher for a video keyframe (a PLI for each layer), at most once per {@link
   * #KEYFRAME_INTERVAL_NANOS}; nothing for audio, nor before the publisher's keys are ready.
   */
  synchronized void requestKeyframe() {
    long now = clock.nanos();
    if (kind != Kind.VIDEO
        || closed
        || !publisher.hasKeys().getAsBoolean()
        || (keyframeRequested && now - lastKeyframeRequestNanos < KEYFRAME_INTERVAL_NANOS)) {
      return;
    }
    keyframeRequested = true;
    lastKeyframeRequestNanos = now;
    for (Layer layer : layers) {
      Packet pli = pool.take();
      Rtcp.writePli(pli, nodeSsrc, layer.ssrc());
      metrics.keyframeRequests.increment();
      publisher.rtcpOut().accept(pli);
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
