package org.medirelay.media.congestion;

/**
 * What the receiver says it received, in bits per second: the bytes of acknowledged packets over
 * the last half second of their arrival times (in the receiver's clock, so it is the rate the path
 * delivered, whatever the node sent). Buckets of 50 ms in a ring; the newest bucket, still filling,
 * is left out.
 */
final class AcknowledgedBitrate {

  private static final long BUCKET_MICROS = 50_000;
  private static final int WINDOW = 10;
  private static final int RING = 16;

  private final long[] bucketOf = new long[RING];
  private final long[] bytes = new long[RING];
  private long first = Long.MIN_VALUE;
  private long newest = Long.MIN_VALUE;

  void add(long arrivalMicros, int size) {
    long bucket = Math.floorDiv(arrivalMicros, BUCKET_MICROS);
    if (first == Long.MIN_VALUE) {
      first = bucket;
    }
    if (bucket > newest) {
      newest = bucket;
    }
    if (bucket <= newest - RING + 1) {
      return; // arrived long before the rest: its bucket is gone
    }
    int slot = (int) Math.floorMod(bucket, RING);
    if (bucketOf[slot] != bucket) {
      bucketOf[slot] = bucket;
      bytes[slot] = 0;
    }
    bytes[slot] += size;
  }

  /** Bits per second over the last whole window, or -1 before a window has been seen. */
  long bitsPerSecond() {
    if (first == Long.MIN_VALUE || newest - first < WINDOW) {
      return -1;
    }
    long total = 0;
    for (long bucket = newest - WINDOW; bucket < newest; bucket++) {
      int slot = (int) Math.floorMod(bucket, RING);
      if (bucketOf[slot] == bucket) {
        total += bytes[slot];
      }
    }
    return total * 8 * 1_000_000 / (WINDOW * BUCKET_MICROS);
  }
}
