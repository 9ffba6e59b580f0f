package org.medirelay.media.router;

/**
 * Chooses, for one receiver, which layer of each video stream it gets, so that all of it fits the
 * receiver's bandwidth estimate: audio first, then the lowest layer of every video in priority
 * order (a video that does not fit is paused, so audio never competes with it), then higher layers
 * in the same order up to what each tile can show. The priority puts the active speaker first, so
 * when bandwidth is short the speaker keeps the sharper picture.
 *
 * <p>Changes are damped so a link near a layer's rate does not flap: a paused video resumes, and a
 * stream climbs to a layer it is not on, only with {@link #CLIMB_MARGIN} to spare; a stream keeps
 * what it has while it fits, and a video on its lowest layer is paused only when that layer is more
 * than {@link #PAUSE_SHORTFALL} over its share: the estimate's ordinary dips (a back-off takes it
 * to 0.85 of what was acknowledged) are ridden out, since a pause freezes the picture for seconds.
 *
 * <p>Pure: it reads the streams through {@link Stream} and writes its choice to an array, so it is
 * tested with numbers, and allocates nothing.
 */
public final class LayerAllocator {

  /** No video: paused. */
  public static final int PAUSED = -1;

  /** Headroom a stream needs, above a layer's rate, to resume or to climb to that layer. */
  static final double CLIMB_MARGIN = 1.15;

  /** How far a video's lowest layer may go over its share before the video is paused. */
  static final double PAUSE_SHORTFALL = 1.25;

  /** One video stream the receiver gets, as the allocation sees it. */
  public interface Stream {

    /** Its layers, lowest first. */
    int layerCount();

    /** What layer {@code layer} carries now, in bits per second; 0 when it is not being sent. */
    long bitrate(int layer);

    /** The highest layer worth sending, given the size of its tile on the receiver's screen. */
    int maxLayer();

    /** The layer it gets now, or {@link #PAUSED}. */
    int current();

    /** Served first: the active speaker. */
    boolean preferred();
  }

  private LayerAllocator() {}

  /**
   * Fills {@code chosen[i]} with the layer for {@code streams[i]}, or {@link #PAUSED}.
   *
   * @param budget bits per second the receiver's link carries, less its audio; negative: unknown
   *     (no congestion feedback from this receiver), every stream gets its best layer
   */
  public static void allocate(long budget, Stream[] streams, int[] chosen) {
    if (budget < 0) {
      for (int i = 0; i < streams.length; i++) {
        chosen[i] = best(streams[i]);
      }
      return;
    }
    long left = budget;
    // Lowest layers first, so that everyone is seen before anyone is sharp.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < streams.length; i++) {
        if (streams[i].preferred() == (pass == 0)) {
          left -= lowest(streams[i], left, i, chosen);
        }
      }
    }
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < streams.length; i++) {
        if (streams[i].preferred() == (pass == 0) && chosen[i] != PAUSED) {
          left -= climb(streams[i], left, i, chosen);
        }
      }
    }
  }

  /** Gives stream {@code i} its lowest live layer if it fits; returns the bits it takes. */
  private static long lowest(Stream stream, long left, int i, int[] chosen) {
    chosen[i] = PAUSED;
    for (int layer = 0; layer <= ceiling(stream); layer++) {
      long rate = stream.bitrate(layer);
      if (rate > 0) {
        if (fits(stream, layer, rate, left, PAUSE_SHORTFALL)) {
          chosen[i] = layer;
          return rate;
        }
        return 0;
      }
    }
    return 0;
  }

  /** Raises stream {@code i} to the highest live layer that fits; returns the extra bits. */
  private static long climb(Stream stream, long left, int i, int[] chosen) {
    int from = chosen[i];
    long base = stream.bitrate(from);
    for (int layer = ceiling(stream); layer > from; layer--) {
      long rate = stream.bitrate(layer);
      if (rate > 0 && fits(stream, layer, rate - base, left, 1)) {
        chosen[i] = layer;
        return rate - base;
      }
    }
    return 0;
  }

  /**
   * Whether {@code extra} bits fit in {@code left}: with the climb margin unless it is kept, and a
   * kept layer up to {@code overshoot} times over.
   */
  private static boolean fits(Stream stream, int layer, long extra, long left, double overshoot) {
    boolean kept = layer <= stream.current();
    return kept ? extra <= left * overshoot : extra * CLIMB_MARGIN <= left;
  }

  /**
   * The highest layer worth sending: the one the tile shows, or, when no layer up to it is being
   * sent, the lowest live one above it (a shared screen comes as its top layer alone, however small
   * its tile; without this it would not come at all).
   */
  static int ceiling(Stream stream) {
    int limit = Math.min(stream.maxLayer(), stream.layerCount() - 1);
    for (int layer = limit; layer >= 0; layer--) {
      if (stream.bitrate(layer) > 0) {
        return limit;
      }
    }
    for (int layer = limit + 1; layer < stream.layerCount(); layer++) {
      if (stream.bitrate(layer) > 0) {
        return layer;
      }
    }
    return limit;
  }

  /** The best live layer {@code stream}'s tile shows (the lowest when none is live). */
  static int best(Stream stream) {
    for (int layer = ceiling(stream); layer >= 0; layer--) {
      if (stream.bitrate(layer) > 0) {
        return layer;
      }
    }
    return stream.layerCount() > 0 ? 0 : PAUSED;
  }
}
