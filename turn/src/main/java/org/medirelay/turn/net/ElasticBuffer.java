package org.medirelay.turn.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection's bytes in waiting (the start of a cut-off frame, TLS records not yet decrypted or
 * not yet framed, what the socket did not take), in a buffer about as small as they are: none while
 * nothing waits, {@code initial} bytes at first, grown only when what waits needs more (to what it
 * needs, and by half at least, so a buffer filled bit by bit is copied a few times), never beyond
 * {@code max}. A thousand idle or half-sent connections therefore hold kilobytes, not the 64 KB a
 * whole frame may take. Every capacity change is added to a shared gauge, so the metrics show what
 * connections hold.
 *
 * <p>Owned by one connection on the event loop. Between calls the buffer is in write mode: its
 * position is the number of bytes held.
 */
final class ElasticBuffer {

  private final int initial;
  private final int max;
  private final LongAdder gauge;
  private ByteBuffer buffer;

  ElasticBuffer(int initial, int max, LongAdder gauge) {
    this.initial = initial;
    this.max = max;
    this.gauge = gauge;
  }

  /** The buffer in write mode with room for at least one more byte. */
  ByteBuffer writable() throws IOException {
    return ensureFree(1);
  }

  /** The buffer in write mode with room for at least {@code bytes} more. */
  ByteBuffer ensureFree(int bytes) throws IOException {
    int needed = held() + bytes;
    if (buffer != null && buffer.capacity() >= needed) {
      return buffer;
    }
    if (needed > max) {
      throw new IOException(
          needed + " bytes in waiting exceed the " + max + " a connection may hold");
    }
    int current = buffer == null ? 0 : buffer.capacity();
    int rounded = (needed + initial - 1) / initial * initial;
    replace(Math.min(max, Math.max(rounded, current + current / 2)));
    return buffer;
  }

  /** The buffer in write mode, or null while nothing was ever needed since the last release. */
  ByteBuffer buffer() {
    return buffer;
  }

  int held() {
    return buffer == null ? 0 : buffer.position();
  }

  int capacity() {
    return buffer == null ? 0 : buffer.capacity();
  }

  /** Gives the buffer back when it holds nothing, so a quiet connection holds no buffer at all. */
  void releaseIfEmpty() {
    if (buffer != null && buffer.position() == 0) {
      release();
    }
  }

  void release() {
    if (buffer != null) {
      gauge.add(-buffer.capacity());
      buffer = null;
    }
  }

  private void replace(int capacity) {
    ByteBuffer bigger = ByteBuffer.allocate(capacity);
    gauge.add(capacity);
    if (buffer != null) {
      buffer.flip();
      bigger.put(buffer);
      gauge.add(-buffer.capacity());
    }
    buffer = bigger;
  }
}
