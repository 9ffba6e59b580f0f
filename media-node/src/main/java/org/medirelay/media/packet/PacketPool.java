package org.medirelay.media.packet;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import org.ice4j.util.Buffer;

/**
 * A fixed set of {@link Packet}s made at start, so the packet path allocates nothing per datagram.
 * When all are in use (a leak, or a burst beyond the pool) it makes extra packets rather than
 * dropping, and counts them so an operator sees it; extras are left to the garbage collector when
 * given back.
 */
public final class PacketPool {

  private final ArrayBlockingQueue<Packet> free;

  /**
   * Maps ice4j's buffer objects back to our packets; filled at construction and only read
   * afterwards.
   */
  private final Map<Buffer, Packet> byIceBuffer;

  private final LongAdder exhausted = new LongAdder();
  private final LongAdder doubleReleases = new LongAdder();

  public PacketPool(int size) {
    free = new ArrayBlockingQueue<>(size);
    byIceBuffer = new IdentityHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      Packet packet = new Packet(this, true);
      byIceBuffer.put(packet.iceBuffer, packet);
      packet.pooled = true;
      free.add(packet);
    }
  }

  /** An empty packet owned by the caller. */
  public Packet take() {
    Packet packet = free.poll();
    if (packet == null) {
      exhausted.increment();
      packet = new Packet(this, false);
    }
    packet.pooled = false;
    packet.reset();
    return packet;
  }

  /** A new packet holding the same bytes and arrival time as {@code source}. */
  public Packet copyOf(Packet source) {
    Packet copy = take();
    copy.fill(source.getBuffer(), source.getOffset(), source.getLength());
    copy.setReceivedNanos(source.receivedNanos());
    return copy;
  }

  void giveBack(Packet packet) {
    synchronized (packet) {
      if (packet.pooled) {
        doubleReleases.increment();
        return;
      }
      packet.pooled = true;
    }
    if (packet.member) {
      free.offer(packet);
    }
  }

  /** For ice4j's {@code BufferPool.getBuffer}: a buffer inside one of our packets. */
  public Buffer takeIceBuffer(int minLength) {
    if (minLength > Packet.CAPACITY - Packet.HEADROOM) {
      return new Buffer(new byte[minLength], 0, minLength);
    }
    Packet packet = take();
    packet.iceBuffer.setOffset(Packet.HEADROOM);
    packet.iceBuffer.setLength(minLength);
    return packet.iceBuffer;
  }

  /**
   * The packet that owns an ice4j buffer from {@link #takeIceBuffer}, now holding what ice4j
   * received; or null.
   */
  public Packet fromIceBuffer(Buffer buffer) {
    Packet packet = byIceBuffer.get(buffer);
    if (packet != null) {
      packet.adoptIceBuffer();
    }
    return packet;
  }

  /** For ice4j's {@code BufferPool.returnBuffer}. */
  public void giveBackIceBuffer(Buffer buffer) {
    Packet packet = byIceBuffer.get(buffer);
    if (packet != null) {
      giveBack(packet);
    }
  }

  public int available() {
    return free.size();
  }

  /**
   * Releases of a packet that was already back in the pool (a bug, caught before it corrupts
   * another owner).
   */
  public long doubleReleaseCount() {
    return doubleReleases.sum();
  }

  /** How often the pool was empty and a packet had to be made. */
  public long exhaustedCount() {
    return exhausted.sum();
  }
}
