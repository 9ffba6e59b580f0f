package org.medirelay.media.router;

import io.micrometer.core.instrument.Counter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Demux;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * Who receives what in one conference, in one place, as mediasoup's Router: each publisher's SSRC
 * maps to its {@link Producer}, and each producer to the {@link Consumer}s fed from it. Routing a
 * packet is one lookup, then a loop over that producer's consumers. Changes take the router's lock
 * (they come with joins, leaves and answers); the packet path reads copy-on-write tables and never
 * locks. A simulcast producer's layers enter the table as their SSRCs are learned ({@link
 * #ssrcLearning}), and subscribers receive it under an SSRC the router chose.
 */
public final class Router {

  private static final Logger LOG = Logger.getLogger(Router.class.getName());

  private final SsrcMap<Producer> producers = new SsrcMap<>();

  /** Simulcast producers by the SSRC their subscribers receive. */
  private final SsrcMap<Producer> forwarded = new SsrcMap<>();

  /** Simulcast producers with a layer whose SSRC is still to be learned (copy on write). */
  private volatile Producer[] learning = new Producer[0];

  /** The producer whose publisher sends {@code ssrc}, or null. */
  public Producer producer(long ssrc) {
    return producers.get(ssrc);
  }

  /**
   * Someone joined: each video they will receive needs a keyframe to start on, asked for now (see
   * {@link Producer#requestKeyframeForNewcomer}).
   */
  public void keyframesForNewcomer() {
    producers.values().stream().distinct().forEach(Producer::requestKeyframeForNewcomer);
  }

  /** The producer subscribers receive as {@code ssrc}, or null. */
  public Producer forwardedAs(long ssrc) {
    Producer simulcast = forwarded.get(ssrc);
    if (simulcast != null) {
      return simulcast;
    }
    Producer producer = producers.get(ssrc);
    return producer == null || producer.isSimulcast() ? null : producer;
  }

  /**
   * A simulcast video producer of {@code rids} (lowest first), routed at once in place of {@code
   * replaced} (null: none), whose layers' SSRCs are learned ({@link #ssrcLearning}); its
   * subscribers receive it under an SSRC no one in this conference uses.
   */
  public synchronized Producer addSimulcast(
      Producer replaced,
      Endpoint publisher,
      List<String> rids,
      int cacheSize,
      long nodeSsrc,
      NanoClock clock,
      PacketPool pool,
      MediaMetrics metrics) {
    long ssrc;
    do {
      ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    } while (ssrc == nodeSsrc || producers.get(ssrc) != null || forwarded.get(ssrc) != null);
    Producer producer =
        Producer.simulcast(publisher, rids, ssrc, cacheSize, nodeSsrc, clock, pool, metrics);
    forwarded.put(ssrc, producer);
    Producer[] now = Arrays.copyOf(learning, learning.length + 1);
    now[learning.length] = producer;
    learning = now;
    if (replaced != null) {
      remove(replaced);
    }
    return producer;
  }

  /**
   * Starts routing a producer's layers. False, routing nothing, when another participant already
   * publishes one of its SSRCs: a stream is never mixed into someone else's.
   */
  public synchronized boolean add(Producer producer) {
    for (Layer layer : producer.layers()) {
      Producer present = layer.ssrc() == 0 ? null : producers.get(layer.ssrc());
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
      if (layer.ssrc() != 0) {
        producers.put(layer.ssrc(), producer);
      }
    }
    return true;
  }

  /** Stops routing a producer (its publisher left or changed SSRC); its consumers get nothing. */
  public synchronized void remove(Producer producer) {
    for (Layer layer : producer.layers()) {
      if (layer.ssrc() != 0 && producers.get(layer.ssrc()) == producer) {
        producers.remove(layer.ssrc());
      }
    }
    if (forwarded.get(producer.ssrc()) == producer) {
      forwarded.remove(producer.ssrc());
    }
    stopLearning(producer);
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
   * The stage before {@link #producerOf} that learns the SSRCs of a publisher's simulcast layers:
   * RTP with an SSRC no one publishes, carrying an rtp-stream-id element that names a layer of the
   * publisher's simulcast producer whose SSRC is not known yet, binds that SSRC to the layer. It is
   * bounded: only the rids the answer agreed, one SSRC per rid; a rid not agreed, or one already
   * bound, is counted in {@code refused}. Packets go on unchanged (the demultiplexer discards what
   * is still unknown); a known SSRC costs one lookup.
   */
  public Stage ssrcLearning(Endpoint publisher, Counter refused) {
    return Observe.of(
        "SSRC learning (rid)",
        p -> {
          if (learning.length > 0 && producers.get(Rtp.ssrc(p)) == null) {
            learn(publisher, p, refused);
          }
        });
  }

  private void learn(Endpoint publisher, Packet p, Counter refused) {
    int at = RtpHeaderExtensions.find(p, RtpExtension.RTP_STREAM_ID.id);
    if (at < 0) {
      return;
    }
    for (Producer producer : learning) {
      if (producer.publisher() == publisher) {
        Layer layer = producer.layerWithRid(p, at, RtpHeaderExtensions.lengthAt(p, at));
        if (layer == null || !bind(producer, layer, Rtp.ssrc(p))) {
          refused.increment();
        }
        return;
      }
    }
  }

  /** Binds a learned SSRC to a layer, unless the layer has one or the SSRC is taken. */
  private synchronized boolean bind(Producer producer, Layer layer, long ssrc) {
    if (producer.isClosed()
        || layer.ssrc() != 0
        || producers.get(ssrc) != null
        || forwarded.get(ssrc) != null) {
      return false;
    }
    layer.bind(ssrc);
    producers.put(ssrc, producer);
    if (!producer.awaitsSsrc()) {
      stopLearning(producer);
    }
    return true;
  }

  private void stopLearning(Producer producer) {
    learning = Arrays.stream(learning).filter(p -> p != producer).toArray(Producer[]::new);
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
        Layer layer = producer == null ? null : producer.layer(ssrc);
        return layer == null || producer.publisher() != publisher ? null : layer.path();
      }

      @Override
      protected Map<String, Stage> branches() {
        Map<String, Stage> branches = new LinkedHashMap<>();
        for (Producer producer : producers.values()) {
          if (producer.publisher() == publisher) {
            for (Layer layer : producer.layers()) {
              branches.put(
                  producer.kind().name().toLowerCase(Locale.ROOT)
                      + (layer.rid() == null ? " " : " " + layer.rid() + " ")
                      + layer.ssrc(),
                  layer.path());
            }
          }
        }
        return branches;
      }
    };
  }
}
