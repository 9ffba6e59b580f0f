package org.medirelay.media.router;

import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtp;

/**
 * The last {@code size} decrypted RTP packets of one published video stream, kept to answer NACKs
 * (RFC 4585) without bothering the publisher. A ring of arrays indexed by sequence number, each
 * made when its slot is first used, so a stream's cache costs memory only as far as it has carried
 * packets (a publisher whose camera is off holds none); once the ring is full, storing copies bytes
 * and allocates nothing.
 */
final class PacketCache {

  private static final int MAX_PACKET = 1500;

  private final byte[][] data;
  private final int[] lengths;
  private final int[] sequence;
  private int newest = -1;

  PacketCache(int size) {
    data = new byte[size][];
    lengths = new int[size];
    sequence = new int[size];
  }

  synchronized void store(Packet p) {
    if (p.getLength() > MAX_PACKET) {
      return;
    }
    int seq = Rtp.sequenceNumber(p);
    int slot = seq % data.length;
    if (data[slot] == null) {
      data[slot] = new byte[MAX_PACKET];
    }
    System.arraycopy(p.getBuffer(), p.getOffset(), data[slot], 0, p.getLength());
    lengths[slot] = p.getLength();
    sequence[slot] = seq;
    newest = seq;
  }

  /** How many packets it holds at most. */
  int capacity() {
    return data.length;
  }

  /** The sequence number of the packet stored last, -1 before the first. */
  synchronized int newest() {
    return newest;
  }

  /** The length of packet {@code seq}, or 0 when it has left the cache. */
  synchronized int lengthOf(int seq) {
    int slot = seq % data.length;
    return sequence[slot] == seq ? lengths[slot] : 0;
  }

  /** A copy of packet {@code seq} owned by the caller, or null when it has left the cache. */
  synchronized Packet copyOf(int seq, PacketPool pool) {
    int slot = seq % data.length;
    if (lengths[slot] == 0 || sequence[slot] != seq) {
      return null;
    }
    return pool.take().fill(data[slot], 0, lengths[slot]);
  }
}
