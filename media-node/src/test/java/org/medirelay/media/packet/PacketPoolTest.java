package org.medirelay.media.packet;

import static org.assertj.core.api.Assertions.assertThat;

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
}
