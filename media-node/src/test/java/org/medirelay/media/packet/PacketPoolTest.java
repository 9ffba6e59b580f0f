package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.ice4j.util.Buffer;
import org.junit.jupiter.api.Test;

class PacketPoolTest {

  @Test
  void packetsGoBackToThePoolAndExtrasMadeWhenEmptyDoNot() {
    PacketPool pool = new PacketPool(2);
    Packet first = pool.take();
    Packet second = pool.take();
    Packet extra = pool.take();
    assertThat(pool.exhaustedCount()).isEqualTo(1);
    assertThat(pool.available()).isZero();

    extra.release();
    first.release();
    second.release();

    // The extra is left to the collector: the pool holds its own two packets, no more.
    assertThat(pool.available()).isEqualTo(2);
    Packet again = pool.take();
    assertThat(again).isIn(first, second);
  }

  @Test
  void aSecondReleaseIsCountedAndDoesNotHandThePacketOutTwice() {
    PacketPool pool = new PacketPool(2);
    Packet p = pool.take();
    p.release();
    p.release();
    assertThat(pool.doubleReleaseCount()).isEqualTo(1);
    assertThat(pool.available()).isEqualTo(2);
    assertThat(pool.take()).isNotSameAs(pool.take());
  }

  @Test
  void aCopyCarriesTheBytesAndArrivalTimeIntoItsOwnBuffer() {
    PacketPool pool = new PacketPool(4);
    Packet source = pool.take().fill(new byte[] {(byte) 0x80, 96, 0, 1, 9, 9}, 0, 6);
    source.setReceivedNanos(42);
    Packet copy = pool.copyOf(source);
    source.putUint16(2, 0xFFFF);
    assertThat(copy.getLength()).isEqualTo(6);
    assertThat(copy.uint16At(2)).isEqualTo(1);
    assertThat(copy.receivedNanos()).isEqualTo(42);
  }

  /**
   * ice4j never returns a STUN buffer queued for a socket that closed: the pool replaces a packet
   * held on one loan across two sweeps, and what ice4j later does with the old one changes nothing.
   */
  @Test
  void aBufferIce4jKeepsIsReplacedAndItsLateReturnIgnored() {
    PacketPool pool = new PacketPool(3);
    Buffer kept = pool.takeIceBuffer(100);
    Buffer handedOn = pool.takeIceBuffer(100);
    assertThat(pool.reclaimLostIceBuffers()).isZero(); // the first sweep only notes the loans
    Packet adopted = pool.fromIceBuffer(handedOn);
    Buffer lentAgain = pool.takeIceBuffer(100);
    pool.giveBackIceBuffer(lentAgain);
    Buffer relent = pool.takeIceBuffer(100); // between sweeps: a new loan, not a kept one
    assertThat(pool.reclaimLostIceBuffers()).isEqualTo(1);
    assertThat(pool.reclaimedCount()).isEqualTo(1);
    assertThat(pool.available()).isEqualTo(1); // the replacement; adopted and relent are out

    pool.giveBackIceBuffer(kept);
    assertThat(pool.fromIceBuffer(kept)).isNull(); // a late delivery is copied, as for ice4j's own
    assertThat(pool.available()).isEqualTo(1);
    assertThat(pool.doubleReleaseCount()).isZero();

    adopted.release();
    pool.giveBackIceBuffer(relent);
    assertThat(pool.reclaimLostIceBuffers()).isZero();
    assertThat(pool.available()).isEqualTo(3);
    assertThat(Stream.generate(pool::take).limit(3).distinct()).hasSize(3);
  }
}
