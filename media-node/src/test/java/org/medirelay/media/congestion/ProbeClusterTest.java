package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A probe's packet train as the feedback reports it, and the room it shows. */
class ProbeClusterTest {

  private static final long START = 5_000_000_000L;
  private static final long SECOND = 1_000_000_000L;
  private static final int SIZE = 1250; // 10 000 bits

  private final ProbeCluster cluster = new ProbeCluster();

  /**
   * A probe from {@code from} to {@code until} (after START), over a train of 100 packets sent 10
   * ms apart from START (1 Mbit/s), arriving {@code spacingMicros} apart, every {@code lostEvery}th
   * lost (0: none); returns the room it shows.
   */
  private long probe(long from, long until, long spacingMicros, int lostEvery) {
    cluster.start(START + from);
    cluster.end(START + until);
    for (int i = 0; i < 100; i++) {
      boolean lost = lostEvery > 0 && i % lostEvery == 0;
      cluster.add(START + i * 10_000_000L, lost ? -1 : 7_000_000 + i * spacingMicros, SIZE);
    }
    return cluster.roomBitsPerSecond();
  }

  @Test
  void aTrainDeliveredAsItWasSentShowsItsRate() {
    assertThat(probe(0, SECOND, 10_000, 0)).isBetween(990_000L, 1_000_000L);
  }

  @Test
  void aTenthLostLowersBothRatesAlikeSoTheTrainIsNotTakenAsStretched() {
    assertThat(probe(0, SECOND, 10_000, 10)).isBetween(900_000L, 920_000L);
  }

  @Test
  void aTrainTheLinkStretchedShowsNoRoom() {
    // Delivered at 833 kbit/s, under 0.9 of the 1 Mbit/s sent.
    assertThat(probe(0, SECOND, 12_000, 0)).isEqualTo(-1);
  }

  @Test
  void aStretchedTrainShowsTheQueueItBuilt() {
    probe(0, SECOND, 12_000, 0);
    // 99 intervals of 2 ms more than sent.
    assertThat(cluster.stretchMicros()).isEqualTo(198_000);
    probe(0, SECOND, 10_000, 0);
    assertThat(cluster.stretchMicros()).isZero();
  }

  @Test
  void onlyPacketsSentDuringTheProbeCountAndTooFewShowNothing() {
    assertThat(probe(850_000_000L, SECOND, 10_000, 0)).as("the last 15 packets").isEqualTo(-1);
    long stoppedAfter50 = probe(0, 500_000_000L, 10_000, 0);
    assertThat(cluster.covers(START + 500_000_000L)).isFalse();
    assertThat(stoppedAfter50).isBetween(990_000L, 1_000_000L);
  }

  @Test
  void aTrainWithAQuarterLostShowsNothing() {
    assertThat(probe(0, SECOND, 10_000, 4)).isEqualTo(-1);
  }
}
