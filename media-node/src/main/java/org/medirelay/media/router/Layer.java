package org.medirelay.media.router;

import java.util.Objects;
import java.util.stream.Stream;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One encoding of a {@link Producer}, with its own SSRC and sequence numbers: what the node
 * receives of it, and for video the cache NACKs are answered from. A producer has one layer today;
 * simulcast gives it one per resolution. Its receive path:
 *
 * <pre>
 * SRTP decrypt → transport-cc arrivals (adaptation on) → receive statistics
 *   → [the producer's observer: audio levels] → NACK cache (video)
 *   → the producer's consumers
 * </pre>
 */
final class Layer {

  private final long ssrc;
  private final ReceiveStatistics statistics;
  private final PacketCache cache;
  private final Stage path;

  /**
   * @param observer watches every decrypted packet (the active speaker's audio levels), or null
   */
  Layer(
      long ssrc, int clockRate, int cacheSize, Endpoint publisher, Observe observer, Stage fanOut) {
    this.ssrc = ssrc;
    this.statistics = new ReceiveStatistics(ssrc, clockRate);
    this.cache = cacheSize > 0 ? new PacketCache(cacheSize) : null;
    Stage observe =
        Observe.of(
            "receive statistics",
            p -> statistics.onPacket(Rtp.sequenceNumber(p), Rtp.timestamp(p), p.receivedNanos()));
    Stage[] afterDecrypt =
        Stream.of(
                publisher.arrivals() == null ? null : publisher.arrivals().get(),
                observe,
                observer,
                cache == null ? null : Observe.of("NACK cache", cache::store),
                fanOut)
            .filter(Objects::nonNull)
            .toArray(Stage[]::new);
    this.path = Stage.chain(publisher.decrypt().get(), afterDecrypt);
  }

  long ssrc() {
    return ssrc;
  }

  ReceiveStatistics statistics() {
    return statistics;
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
