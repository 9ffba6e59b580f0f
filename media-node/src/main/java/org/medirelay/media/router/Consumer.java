package org.medirelay.media.router;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.pipeline.Filter;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;

/**
 * One receiver's side of one {@link Producer}, as mediasoup's Consumer: which layer it is fed, how
 * its packets are rewritten, its NACK answers and its RTCP. Its send path:
 *
 * <pre>
 * layer i copy → layer i entry ─┐
 * layer j copy → layer j entry ─┴→ [fitting stages] → retransmission budget (earns) → rewrite SSRC,
 *                (layer selection)          sequence, timestamp, PictureID → receiver's RTP out
 * NACK answer (the receiver's NackResponder, from the current layer's cache) ──┘
 * </pre>
 *
 * and the receiver's transport encrypts and sends. The fitting stages fit what the publisher sends
 * to what the receiver accepted: {@link RedToOpus} for a receiver of audio without RED, no
 * transport-cc element where the receiver's answer did not keep it. Each entry passes only the
 * current layer's packets, and switches to the target layer on its keyframe ({@link
 * LayerSelection}).
 *
 * <p>Whoever chooses layers (the allocator) reads {@link #layers}, sets {@link #setTarget} and
 * reads {@link #currentLayer}; until it does, the consumer targets the best live layer its
 * receiver's tile needs ({@link #setTileHeight}). Made when the receiver's browser accepts the
 * stream in an answer; the {@link Router} then feeds it.
 */
public final class Consumer {

  /** A target: no video at all (audio first, when even the lowest layer does not fit). */
  public static final int NONE = LayerSelection.NONE;

  /** A target: the best live layer the tile needs (the default). */
  public static final int AUTO = LayerSelection.AUTO;

  private static final Logger LOG = Logger.getLogger(Consumer.class.getName());

  /**
   * The oldest keyframe a receiver starts on from the cache: what follows it is replayed at once,
   * and the receiver's jitter buffer may add as much delay to catch up with it.
   */
  static final long MAX_REPLAYED_NANOS = 250_000_000L;

  private final Producer producer;
  private final Endpoint subscriber;
  private final RtpRewriter rewriter;
  private final LayerSelection selection;
  private final Stage[] entries;
  private final PacketPool pool;
  private volatile int receiverLoss;
  private volatile boolean startDue;

  public Consumer(Producer producer, Endpoint subscriber, PacketPool pool) {
    this(producer, subscriber, pool, List.of());
  }

  /**
   * @param fitting stages that fit each packet to what the receiver accepted, in order (for audio
   *     without RED, {@link RedToOpus}); none to send packets as the publisher sent them
   */
  public Consumer(Producer producer, Endpoint subscriber, PacketPool pool, List<Stage> fitting) {
    this.producer = producer;
    this.subscriber = subscriber;
    this.pool = pool;
    this.rewriter =
        new RtpRewriter(
            producer.ssrc(),
            producer.kind().clockRate,
            producer.isSimulcast(),
            subscriber.rtpOut());
    this.selection = new LayerSelection(producer, rewriter, subscriber.hasKeys());
    Stage sendPath =
        Stage.chain(
            Observe.of("retransmission budget", p -> subscriber.nacks().forwarded(p.getLength())),
            rewriter,
            subscriber.rtpOut());
    for (int i = fitting.size() - 1; i >= 0; i--) {
      sendPath = Stage.chain(fitting.get(i), sendPath);
    }
    Layer[] layers = producer.layers();
    this.entries = new Stage[layers.length];
    for (Layer layer : layers) {
      int index = layer.index();
      String name =
          layer.rid() == null ? "layer selection" : "layer selection (" + layer.rid() + ")";
      entries[index] = Stage.chain(Filter.of(name, null, p -> selection.admit(index, p)), sendPath);
    }
  }

  /**
   * A consumer for a receiver that accepted RED audio ({@code takesRed}: it gets what the publisher
   * sends) or did not (audio goes through {@link RedToOpus}), and that reads the transport-cc
   * element in this stream's packets ({@code takesTransportCc}) or does not: then the element is
   * cleared, so the transport does not number packets whose arrival the receiver's feedback will
   * never report (they would all count as lost).
   */
  public static Consumer of(
      Producer producer,
      Endpoint subscriber,
      PacketPool pool,
      boolean takesRed,
      boolean takesTransportCc) {
    List<Stage> fitting = new ArrayList<>();
    if (producer.kind() == Producer.Kind.AUDIO && !takesRed) {
      fitting.add(new RedToOpus(producer.metrics()));
    }
    if (!takesTransportCc) {
      fitting.add(
          Observe.of(
              "no transport-cc", p -> RtpHeaderExtensions.clear(p, RtpExtension.TRANSPORT_CC.id)));
    }
    return new Consumer(producer, subscriber, pool, fitting);
  }

  public Producer producer() {
    return producer;
  }

  public Endpoint subscriber() {
    return subscriber;
  }

  /** The SSRC the receiver sees, which its RTCP feedback names. */
  public long ssrc() {
    return rewriter.ssrc();
  }

  /** The producer's layers as they stand now (resolution, bitrate, live), lowest first. */
  public List<LayerState> layers() {
    return producer.layerStates();
  }

  /**
   * The layer to feed this receiver: an index of {@link #layers}, {@link #NONE} or {@link #AUTO}. A
   * layer that is not live is replaced by the best live one below it, else the lowest above; the
   * switch waits for the layer's keyframe, which the consumer asks for.
   */
  public void setTarget(int layer) {
    selection.setTarget(layer);
  }

  /** The layer being forwarded, or {@link #NONE} before the first keyframe and while paused. */
  public int currentLayer() {
    return selection.current();
  }

  /**
   * How many device pixels high the receiver shows this video (0: unknown): under {@link #AUTO}, no
   * layer much larger than that is sent (the smallest whose height reaches it, else the top).
   */
  public void setTileHeight(int height) {
    selection.setTileHeight(height);
  }

  /**
   * The fraction of this stream the receiver lost lately (in 256ths), from its last report block:
   * for an audio stream, the publisher is told the worst (see {@link ReceiverReport}).
   */
  void setReceiverLoss(int fraction) {
    receiverLoss = fraction;
  }

  int receiverLoss() {
    return receiverLoss;
  }

  /** The highest layer worth sending to the receiver's tile (the top while its size is unknown). */
  public int tileLimit() {
    return selection.tileLimit();
  }

  /** A copy of the producer's packet of {@code layer}, owned by this consumer from now on. */
  void forward(Packet p, int layer) {
    if (startDue) {
      startDue = false;
      startFromCache(p.receivedNanos(), layer, Rtp.sequenceNumber(p));
    }
    entries[layer].accept(p);
  }

  /** The receiver asked for a keyframe (PLI or FIR): the producer asks its publisher. */
  public void requestKeyframe() {
    selection.requestKeyframe();
  }

  /**
   * The receiver's keys are ready: it starts on a keyframe of the layer it wants, on the
   * publisher's next packet. The node asked for one when the receiver joined (it takes about as
   * long to come as the answer and the keys), so if it has come, the receiver gets it from the
   * cache with whatever followed it; else the consumer asks for one then.
   */
  public void receiverReady() {
    startDue = true;
  }

  /**
   * Replays a layer's newest keyframe and every packet after it, up to {@code liveLayer}'s packet
   * {@code liveSequence} (which follows): of the lowest layer up to the wanted one whose keyframe
   * came within {@link #MAX_REPLAYED_NANOS} (the smallest picture comes and decodes soonest; the
   * wanted layer follows on its next keyframe), else asks for a keyframe of the wanted one. Runs on
   * the publisher's receive thread, as the live packets do.
   */
  private void startFromCache(long now, int liveLayer, int liveSequence) {
    int wanted = selection.layerToStart(now);
    if (wanted == NONE) {
      return;
    }
    int layer = freshKeyframeLayer(wanted, now);
    if (layer == NONE) {
      producer.requestKeyframe(wanted);
      return;
    }
    Layer from = producer.layers()[layer];
    PacketCache cache = from.cache();
    int first = from.keyframeSequence();
    int end = layer == liveLayer ? liveSequence : (cache.newest() + 1) & 0xFFFF;
    if (((end - first) & 0xFFFF) > cache.capacity()) {
      producer.requestKeyframe(wanted); // the keyframe's packets are gone from the cache
      return;
    }
    int replayed = 0;
    for (int seq = first; seq != end; seq = (seq + 1) & 0xFFFF) {
      Packet copy = cache.copyOf(seq, pool);
      if (copy != null) {
        copy.setReceivedNanos(now);
        entries[layer].accept(copy);
        replayed++;
      }
    }
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          String.format(
              "SSRC %d (%s's video): %s starts on layer %d's keyframe of %d ms ago, %d packets"
                  + " from the cache",
              ssrc(),
              producer.publisher().id(),
              subscriber.id(),
              layer,
              (now - from.keyframeNanos()) / 1_000_000,
              replayed));
    }
  }

  /** The lowest layer up to {@code top} with a keyframe of at most MAX_REPLAYED_NANOS ago. */
  private int freshKeyframeLayer(int top, long now) {
    Layer[] layers = producer.layers();
    for (int i = 0; i <= top; i++) {
      Layer layer = layers[i];
      if (layer.cache() != null
          && layer.keyframeSequence() >= 0
          && now - layer.keyframeNanos() <= MAX_REPLAYED_NANOS) {
        return i;
      }
    }
    return NONE;
  }

  /**
   * Answers the receiver's generic NACK at {@code at} ({@code length} bytes) in {@code nack}: the
   * receiver's {@link NackResponder} resends what the current layer's cache still holds, through
   * the rewriting, so each packet carries the sequence number the receiver asked for.
   */
  public void answerNack(Packet nack, int at, int length) {
    int current = selection.current();
    PacketCache cache = current < 0 ? null : producer.layers()[current].cache();
    if (cache != null && !producer.isClosed()) {
      subscriber.nacks().answer(nack, at, length, ssrc(), cache, rewriter);
    }
  }

  /**
   * Sends the receiver the sender info of the producer's SR about {@code layer} at {@code at} in
   * {@code compound}, without report blocks (they are about what the publisher receives, not this
   * receiver); only about the layer being forwarded, on its timeline.
   */
  void sendSenderReport(int layer, Packet compound, int at) {
    if (layer != selection.current()) {
      return;
    }
    int length = RtcpTerminator.SR_WITHOUT_BLOCKS;
    Packet sr = pool.take().fill(compound.getBuffer(), compound.getOffset() + at, length);
    sr.putUint16(0, sr.uint16At(0) & 0xE0FF); // report count := 0
    sr.putUint16(2, length / 4 - 1);
    rewriter.rewriteSenderReport(sr);
    // For the receiver's round-trip time, from its report blocks about this SR.
    subscriber.nacks().senderReportSent(sr.uint32At(10), compound.receivedNanos());
    subscriber.rtcpOut().accept(sr);
  }
}
