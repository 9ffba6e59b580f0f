package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;

/**
 * The NACK cache answers with the exact packet asked for, and never with another that shares its
 * slot, and holds memory only for the packets it carried.
 */
class PacketCacheTest {

  private final PacketPool pool = new PacketPool(8);

  private Packet rtp(int seq, byte fill) {
    byte[] bytes = new byte[200];
    Arrays.fill(bytes, fill);
    bytes[0] = (byte) 0x80;
    bytes[1] = 96;
    bytes[2] = (byte) (seq >> 8);
    bytes[3] = (byte) seq;
    return pool.take().fill(bytes, 0, bytes.length);
  }

  @Test
  void returnsCopiesOfRecentPacketsAndForgetsOverwrittenOnes() {
    PacketCache cache = new PacketCache(4);
    for (int seq = 65534; seq <= 65534 + 5; seq++) {
      Packet p = rtp(seq & 0xFFFF, (byte) seq);
      cache.store(p);
      p.release();
    }
    // 65534, 65535, 0, 1, 2, 3 went into 4 slots: the two oldest are gone.
    assertThat(cache.copyOf(65534, pool)).isNull();
    assertThat(cache.copyOf(65535, pool)).isNull();
    Packet copy = cache.copyOf(2, pool);
    assertThat(copy).isNotNull();
    assertThat(copy.getLength()).isEqualTo(200);
    assertThat(copy.byteAt(199)).isEqualTo((65534 + 4) & 0xFF);
    assertThat(copy.receivedNanos()).as("a resend is not a forwarded packet for latency").isZero();
    copy.release();
    assertThat(cache.copyOf(6, pool)).as("same slot as 2, other sequence number").isNull();
  }

  @Test
  void costsMemoryOnlyForWhatItCarried() {
    Packet p = rtp(0, (byte) 1);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    PacketCache cache = new PacketCache(512);
    long empty = threads.getCurrentThreadAllocatedBytes() - before;
    for (int seq = 0; seq < 64; seq++) {
      p.putUint16(2, seq);
      cache.store(p);
    }
    long stored = threads.getCurrentThreadAllocatedBytes() - before - empty;
    p.release();
    // Made up front, 512 slots of 1500 bytes would be 768 000 bytes.
    assertThat(empty).as("bytes allocated for an empty cache of 512").isLessThan(16_000);
    assertThat(stored).as("bytes allocated storing 64 packets").isBetween(64 * 1500L, 80 * 1500L);
  }
}
