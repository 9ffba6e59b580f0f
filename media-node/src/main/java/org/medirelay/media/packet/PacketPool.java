package org.medirelay.media.packet;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.ice4j.util.Buffer;

/**
 * A fixed set of {@link Packet}s made at start, so the packet path allocates nothing per datagram.
 * When all are in use (a leak, or a burst beyond the pool) it makes extra packets rather than
 * dropping, and counts them so an operator sees it; extras are left to the garbage collector when
 * given back.
 *
 * <p>ice4j keeps a few of the buffers it takes: a STUN datagram queued for a peer's socket when
 * that socket closes (or arriving just as it closes) is never read and never returned. {@link
 * #reclaimLostIceBuffers} finds a packet lent to ice4j on the same loan at two sweeps in a row and
 * puts a new packet in its place; the old one is forgotten, so ice4j can still read its bytes or
 * return it (then ignored) without ever touching a packet someone else owns.
 */
public final class PacketPool {

  private final ArrayBlockingQueue<Packet> free;

  /** The pool's own packets; a lost one is replaced in its slot (only by the sweep). */
  private final Packet[] members;

  /**
   * Maps ice4j's buffer objects back to our packets. Read on every datagram; changed only when a
   * lost packet is replaced. {@link Buffer} keeps {@code Object}'s identity equality.
   */
  private final Map<Buffer, Packet> byIceBuffer;

  private final LongAdder exhausted = new LongAdder();
  private final LongAdder doubleReleases = new LongAdder();
  private long reclaimed;

  public PacketPool(int size) {
    free = new ArrayBlockingQueue<>(size);
    members = new Packet[size];
    byIceBuffer = new ConcurrentHashMap<>(size * 2);
    for (int i = 0; i < size; i++) {
      members[i] = newMember();
    }
  }

  private Packet newMember() {
    Packet packet = new Packet(this, true);
    byIceBuffer.put(packet.iceBuffer, packet);
    packet.pooled = true;
    free.add(packet);
    return packet;
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
    packet.lendToIce();
    packet.iceBuffer.setOffset(Packet.HEADROOM);
    packet.iceBuffer.setLength(minLength);
    return packet.iceBuffer;
  }

  /**
   * The packet that owns an ice4j buffer from {@link #takeIceBuffer}, now holding what ice4j
   * received; or null.
   */
  public Packet fromIceBuffer(Buffer buffer) {
    Packet packet = backFromIce(buffer);
    if (packet != null) {
      packet.adoptIceBuffer();
    }
    return packet;
  }

  /** For ice4j's {@code BufferPool.returnBuffer}. */
  public void giveBackIceBuffer(Buffer buffer) {
    Packet packet = backFromIce(buffer);
    if (packet != null) {
      giveBack(packet);
    }
  }

  /** The pool's packet whose buffer ice4j hands back, its loan ended; null for any other buffer. */
  private Packet backFromIce(Buffer buffer) {
    Packet packet = byIceBuffer.get(buffer);
    if (packet != null) {
      packet.iceLoan = 0;
    }
    return packet;
  }

  /**
   * Replaces the packets ice4j has held, on one loan, since the previous call, and says how many.
   * Called at an interval far longer than ice4j holds a buffer it is going to hand on (microseconds
   * to read a datagram, a STUN read later at most).
   */
  public synchronized int reclaimLostIceBuffers() {
    int lost = 0;
    for (int i = 0; i < members.length; i++) {
      Packet packet = members[i];
      int loan = packet.iceLoan;
      if (loan != 0 && loan == packet.iceLoanAtLastSweep) {
        byIceBuffer.remove(packet.iceBuffer);
        members[i] = newMember();
        lost++;
      } else {
        packet.iceLoanAtLastSweep = loan;
      }
    }
    reclaimed += lost;
    return lost;
  }

  /** Packets ice4j never gave back, replaced by {@link #reclaimLostIceBuffers}. */
  public synchronized long reclaimedCount() {
    return reclaimed;
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
