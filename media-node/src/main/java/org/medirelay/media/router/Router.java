package org.medirelay.media.router;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Demux;
import org.medirelay.media.pipeline.Stage;

/**
 * Who receives what in one conference, in one place, as mediasoup's Router: each publisher's SSRC
 * maps to its {@link Producer}, and each producer to the {@link Consumer}s fed from it. Routing a
 * packet is one lookup, then a loop over that producer's consumers. Changes take the router's lock
 * (they come with joins, leaves and answers); the packet path reads copy-on-write tables and never
 * locks.
 */
public final class Router {

  private static final Logger LOG = Logger.getLogger(Router.class.getName());

  private final SsrcMap<Producer> producers = new SsrcMap<>();

  /** The producer of {@code ssrc}, or null. */
  public Producer producer(long ssrc) {
    return producers.get(ssrc);
  }

  /**
   * Starts routing a producer's layers. False, routing nothing, when another participant already
   * publishes one of its SSRCs: a stream is never mixed into someone else's.
   */
  public synchronized boolean add(Producer producer) {
    for (Layer layer : producer.layers()) {
      Producer present = producers.get(layer.ssrc());
      if (present != null && present.publisher() != producer.publisher()) {
        LOG.warning(
            () ->
                producer.publisher().id()
                    + " announced SSRC "
                    + layer.ssrc()
                    + ", which "
                    + present.publisher().id()
                    + " publishes; not routed");
        return false;
      }
    }
    for (Layer layer : producer.layers()) {
      producers.put(layer.ssrc(), producer);
    }
    return true;
  }

  /** Stops routing a producer (its publisher left or changed SSRC); its consumers get nothing. */
  public synchronized void remove(Producer producer) {
    for (Layer layer : producer.layers()) {
      if (producers.get(layer.ssrc()) == producer) {
        producers.remove(layer.ssrc());
      }
    }
    producer.close();
  }

  /** Starts feeding a consumer from its producer, unless the producer is gone. */
  public synchronized void add(Consumer consumer) {
    if (!consumer.producer().isClosed()) {
      consumer.producer().add(consumer);
    }
  }

  public synchronized void remove(Consumer consumer) {
    consumer.producer().remove(consumer);
  }

  /**
   * The stage that finds the producer of one publisher's RTP by its SSRC and continues on that
   * layer's path; RTP with an SSRC this publisher does not publish is discarded, never decrypted.
   */
  public Stage producerOf(Endpoint publisher, Counter notPublished) {
    return new Demux("producer of SSRC (router)", notPublished) {
      @Override
      protected Stage select(Packet p) {
        long ssrc = Rtp.ssrc(p);
        Producer producer = producers.get(ssrc);
        return producer == null || producer.publisher() != publisher
            ? null
            : producer.layer(ssrc).path();
      }

      @Override
      protected Map<String, Stage> branches() {
        Map<String, Stage> branches = new LinkedHashMap<>();
        for (Producer producer : producers.values()) {
          if (producer.publisher() == publisher) {
            for (Layer layer : producer.layers()) {
              branches.put(
                  producer.kind().name().toLowerCase(Locale.ROOT) + " " + layer.ssrc(),
                  layer.path());
            }
          }
        }
        return branches;
      }
    };
  }
}
