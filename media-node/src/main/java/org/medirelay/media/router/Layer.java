package org.medirelay.media.router;

import java.util.Objects;
import java.util.stream.Stream;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.Vp8Payload;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One encoding of a {@link Producer}, with its own SSRC and sequence numbers: what the node
 * receives of it, and for video the cache NACKs are answered from. A producer has one layer, or
 * with simulcast one per rid the publisher's answer agreed to send, lowest first; a simulcast
 * layer's SSRC is learned from its first packets ({@link Router#ssrcLearning}). Its receive path:
 *
 * <pre>
 * SRTP decrypt → transport-cc arrivals (adaptation on) → receive statistics (and liveness,
 *   bitrate, keyframe size) → [the producer's observer: audio levels] → NACK cache (video)
 *   → the producer's consumers
 * </pre>
 */
final class Layer {

  /** A layer that has sent nothing for this long has stopped (deactivated, or dropped). */
  static final long SILENT_NANOS = 1_000_000_000L;

  private static final long BITRATE_WINDOW_NANOS = 1_000_000_000L;

  /**
   * How many whole seconds the rate is the mean of: the keyframe a layer switch asks for can make
   * one second's rate half again the layer's or more (1.2 Mbit/s of a 720-line layer that sends
   * 0.75), and taken alone it would turn the switch back at once.
   */
  private static final int BITRATE_WINDOWS = 3;

  private final int index;
  private final String rid;
  private final int clockRate;
  private final boolean video;
  private final PacketCache cache;
  private final Stage path;
  private volatile long ssrc;
  private volatile ReceiveStatistics statistics;

  // Written on the publisher's receive thread, read by consumers' and the allocator's threads.
  private volatile long lastPacketNanos;
  private volatile int width;
  private volatile int height;
  private volatile long bitrate;
  private volatile int keyframeSequence = -1;
  private volatile long keyframeNanos;
  private long windowStartNanos;
  private long windowBytes;
  private final long[] windowRates = new long[BITRATE_WINDOWS];
  private int windowsMeasured;

  /**
   * @param rid the layer's rid, or null for a producer without simulcast
   * @param ssrc the layer's SSRC, or 0 until learned
   * @param observer watches every decrypted packet (the active speaker's audio levels), or null
   */
  Layer(
      int index,
      String rid,
      long ssrc,
      Producer.Kind kind,
      int cacheSize,
      Endpoint publisher,
      Observe observer,
      Stage fanOut) {
    this.index = index;
    this.rid = rid;
    this.clockRate = kind.clockRate;
    this.video = kind == Producer.Kind.VIDEO;
    this.cache = cacheSize > 0 ? new PacketCache(cacheSize) : null;
    if (ssrc != 0) {
      bind(ssrc);
    }
    Stage[] afterDecrypt =
        Stream.of(
                publisher.arrivals() == null ? null : publisher.arrivals().get(),
                Observe.of("receive statistics", this::received),
                observer,
                cache == null ? null : Observe.of("NACK cache", cache::store),
                fanOut)
            .filter(Objects::nonNull)
            .toArray(Stage[]::new);
    this.path = Stage.chain(publisher.decrypt().get(), afterDecrypt);
  }

  private long meanRate() {
    int windows = Math.min(windowsMeasured, BITRATE_WINDOWS);
    long sum = 0;
    for (int i = 0; i < windows; i++) {
      sum += windowRates[i];
    }
    return sum / windows;
  }

  private void received(Packet p) {
    long now = p.receivedNanos();
    statistics.onPacket(Rtp.sequenceNumber(p), Rtp.timestamp(p), now);
    if (!isLive(now)) {
      // Starting (again): its rate is unknown until a whole second of it is measured, not the
      // bytes before it stopped spread over the silence.
      bitrate = 0;
      windowStartNanos = now;
      windowBytes = 0;
      windowsMeasured = 0;
    }
    if (!video || Vp8Payload.descriptor(p) >= 0) {
      // Padding alone (bandwidth probes) keeps no video layer live: it has no pictures to switch
      // to.
      lastPacketNanos = now;
    }
    if (now - windowStartNanos >= BITRATE_WINDOW_NANOS) {
      windowRates[windowsMeasured++ % BITRATE_WINDOWS] =
          windowBytes * 8_000_000_000L / (now - windowStartNanos);
      bitrate = meanRate();
      windowStartNanos = now;
      windowBytes = 0;
    }
    windowBytes += p.getLength();
    if (video && Vp8Payload.isKeyframeStart(p)) {
      keyframeSequence = Rtp.sequenceNumber(p);
      keyframeNanos = now;
      int w = Vp8Payload.keyframeWidth(p);
      int h = Vp8Payload.keyframeHeight(p);
      if (w > 0 && h > 0) {
        width = w;
        height = h;
      }
    }
  }

  /** Sets the SSRC, learned or announced; the router calls it once, under its lock. */
  void bind(long ssrc) {
    this.statistics = new ReceiveStatistics(ssrc, clockRate);
    this.ssrc = ssrc;
  }

  int index() {
    return index;
  }

  String rid() {
    return rid;
  }

  /** The SSRC, or 0 while not learned. */
  long ssrc() {
    return ssrc;
  }

  /** What the node received of it; null while its SSRC is not known. */
  ReceiveStatistics statistics() {
    return statistics;
  }

  /** Whether it sent something within {@link #SILENT_NANOS} of {@code nowNanos}. */
  boolean isLive(long nowNanos) {
    long last = lastPacketNanos;
    return last != 0 && nowNanos - last < SILENT_NANOS;
  }

  /** The sequence number of its newest keyframe's first packet, -1 before the first. */
  int keyframeSequence() {
    return keyframeSequence;
  }

  /** When its newest keyframe began to arrive. */
  long keyframeNanos() {
    return keyframeNanos;
  }

  /** Height of its last keyframe, 0 before the first. */
  int height() {
    return height;
  }

  LayerState state(long nowNanos) {
    return new LayerState(index, rid, width, height, bitrate, isLive(nowNanos));
  }

  /** The last packets received, to answer NACKs from; null for audio (browsers NACK video only). */
  PacketCache cache() {
    return cache;
  }

  /** Where this layer's packets go once the router has found it, still encrypted. */
  Stage path() {
    return path;
  }
}
