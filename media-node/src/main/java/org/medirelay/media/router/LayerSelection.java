package org.medirelay.media.router;

import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Vp8Payload;

/**
 * Which layer of a simulcast {@link Producer} one {@link Consumer} forwards, and when it switches:
 *
 * <pre>
 * wanted = target (or under AUTO: the smallest layer whose height reaches the tile's, else the top)
 *          if not live: the best live layer below it, else the lowest live one above
 * packet of layer L:
 *   wanted = none            → drop; nothing is forwarded until a target is set again
 *   receiver has no keys yet → drop, ask for a keyframe of wanted (it takes about as long to come
 *                              as the keys; the consumer replays it from the cache if it is first)
 *   L = wanted ≠ current and the packet starts a keyframe → switch (offsets reset), pass
 *   nothing sent yet, L below wanted, a keyframe → start on L (sooner), wanted follows
 *   wanted ≠ current         → ask the publisher for a keyframe of wanted (every 500 ms at most)
 *   L = current              → pass, unless it is from before the switch (reordered)
 *   otherwise                → drop
 * </pre>
 *
 * So the receiver's decoder always starts a layer on its keyframe, and a layer that stopped
 * (deactivated by the page, or dropped by the publisher's CPU or bandwidth limit) is left within
 * {@link Layer#SILENT_NANOS}. It runs on the publisher's receive thread, with the packet's arrival
 * as the clock; targets and tile sizes come from other threads. A producer without simulcast is
 * passed through, unless the target is {@link #NONE}.
 */
final class LayerSelection {

  private static final Logger LOG = Logger.getLogger(LayerSelection.class.getName());

  static final int NONE = -1;
  static final int AUTO = -2;

  static final long KEYFRAME_RETRY_NANOS = 500_000_000L;

  private final Producer producer;
  private final Layer[] layers;
  private final RtpRewriter rewriter;
  private final BooleanSupplier receiverHasKeys;
  private volatile int target = AUTO;
  private volatile int tileHeight;
  private volatile int current;
  private boolean started;
  private long nextKeyframeRequestNanos;

  LayerSelection(Producer producer, RtpRewriter rewriter, BooleanSupplier receiverHasKeys) {
    this.producer = producer;
    this.layers = producer.layers();
    this.rewriter = rewriter;
    this.receiverHasKeys = receiverHasKeys;
    this.current = producer.isSimulcast() ? NONE : 0;
  }

  void setTarget(int layer) {
    if (layer < AUTO || layer >= layers.length) {
      throw new IllegalArgumentException("no layer " + layer + " of " + layers.length);
    }
    target = layer;
  }

  void setTileHeight(int height) {
    tileHeight = Math.max(0, height);
  }

  int current() {
    return current;
  }

  /** True to forward {@code p}, a packet of layer {@code layer}. */
  boolean admit(int layer, Packet p) {
    if (!producer.isSimulcast()) {
      current = target == NONE ? NONE : 0;
      boolean pass = target != NONE && receiverHasKeys.getAsBoolean();
      started |= pass;
      return pass;
    }
    long now = p.receivedNanos();
    int wanted = wanted(now);
    if (wanted == NONE) {
      current = NONE;
      return false;
    }
    if (wanted != current) {
      // Nothing sent yet: the first keyframe of any layer up to the one wanted starts the picture
      // (a lower layer's is smaller and comes sooner), and the one wanted follows on its own
      // keyframe, which the same request brought (libwebrtc encodes every layer's at once).
      boolean starts = layer == wanted || current == NONE && layer < wanted;
      // A keyframe the receiver cannot decrypt yet would start it on nothing.
      if (starts && Vp8Payload.isKeyframeStart(p) && receiverHasKeys.getAsBoolean()) {
        if (LOG.isLoggable(Level.FINE)) {
          LOG.fine(
              String.format(
                  "SSRC %d (%s's video): layer %d to %d on its keyframe (%d wanted)",
                  rewriter.ssrc(), producer.publisher().id(), current, layer, wanted));
        }
        rewriter.switchTo(p);
        current = layer;
        if (layer != wanted) {
          nextKeyframeRequestNanos = now + KEYFRAME_RETRY_NANOS;
        }
        return true;
      }
      if (now - nextKeyframeRequestNanos >= 0) {
        nextKeyframeRequestNanos = now + KEYFRAME_RETRY_NANOS;
        LOG.fine(() -> "SSRC " + rewriter.ssrc() + " waits for a keyframe of layer " + wanted);
        producer.requestKeyframe(wanted);
      }
    }
    return layer == current && !rewriter.isBeforeSwitch(p);
  }

  /** The receiver lost a picture: a keyframe of the layer it gets (or is about to get). */
  void requestKeyframe() {
    int layer = current;
    if (layer == NONE && producer.isSimulcast()) {
      layer = wanted(producer.clockNanos());
    }
    if (layer != NONE) {
      producer.requestKeyframe(layer);
    }
  }

  /**
   * The layer a receiver that has just got its keys starts on: the one wanted, when it has none
   * yet; {@link #NONE} when it has one or wants none.
   */
  int layerToStart(long now) {
    if (!producer.isSimulcast()) {
      return started || target == NONE ? NONE : 0;
    }
    return current == NONE ? wanted(now) : NONE;
  }

  private int wanted(long now) {
    int t = target;
    if (t == NONE) {
      return NONE;
    }
    int top = t == AUTO ? tileLimit() : t;
    for (int i = top; i >= 0; i--) {
      if (layers[i].isLive(now)) {
        return i;
      }
    }
    for (int i = top + 1; i < layers.length; i++) {
      if (layers[i].isLive(now)) {
        return i;
      }
    }
    return current;
  }

  /** The smallest layer whose keyframes are at least as high as the tile, else the top. */
  int tileLimit() {
    int height = tileHeight;
    if (height > 0) {
      for (int i = 0; i < layers.length; i++) {
        if (layers[i].height() >= height) {
          return i;
        }
      }
    }
    return layers.length - 1;
  }
}
