package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The estimate from bytes: packets numbered by the send-side stage cross a simulated link, and the
 * receiver's transport-cc feedback comes back as bytes. The node sends video at the estimate (as
 * the layer allocator will make it), up to what the publisher sends (2.5 Mbit/s).
 */
class BandwidthEstimationTest {

  private static final long PUBLISHED = 2_500_000;

  private static long followEstimate(long estimate) {
    return Math.min(estimate - 40_000, PUBLISHED);
  }

  private static String kbps(List<Long> perSecond) {
    return perSecond.stream().map(b -> Long.toString(b / 1000)).toList() + " kbit/s";
  }

  @Test
  void settlesNearA350KbitBottleneckWithLossAndClimbsBackWhenItLifts() {
    SimulatedDownlink path = new SimulatedDownlink(350_000, 0.03);
    path.run(Duration.ofSeconds(20), BandwidthEstimationTest::followEstimate);
    List<Long> capped = List.copyOf(path.perSecond);
    System.out.println("350 kbit/s, 3 % loss: " + kbps(capped));
    assertThat(capped.subList(5, 20))
        .as("estimate each second from the 6th on: %s", kbps(capped))
        .allSatisfy(bps -> assertThat(bps).isBetween(250_000L, 450_000L));

    path.link(20_000_000, 0);
    path.perSecond.clear();
    path.run(Duration.ofSeconds(20), BandwidthEstimationTest::followEstimate);
    System.out.println("lifted: " + kbps(path.perSecond));
    assertThat(path.perSecond.get(19)).as(kbps(path.perSecond)).isGreaterThan(1_000_000);
    assertThat(path.metrics.transportCcFeedbackAccepted.count()).isGreaterThan(350);
    assertThat(
            path.metrics.transportCcFeedbackMalformed.count()
                + path.metrics.transportCcFeedbackOutOfRange.count()
                + path.metrics.transportCcFeedbackImplausible.count()
                + path.metrics.transportCcFeedbackFlood.count())
        .isZero();
  }

  /**
   * The queue a probe builds is the probe's: until a second after it, the estimate stays at what
   * flowed before it. Shown on a link that falls from 350 to 150 kbit/s as a probe starts (as a
   * probe into a full link looks to the node, and more): the link's losses bring the estimate down
   * after that, a few seconds later.
   */
  @Test
  void theEstimateStaysAtWhatFlowedBeforeAProbeUntilTheProbeIsOverAndASecondMore() {
    SimulatedDownlink path = new SimulatedDownlink(350_000, 0.03);
    path.run(Duration.ofSeconds(10), BandwidthEstimationTest::followEstimate);
    // Then a layer that leaves room: 190 kbit/s of video.
    path.run(Duration.ofSeconds(3), estimate -> 190_000);
    long flowing =
        Math.min(path.estimate.bitsPerSecond(), path.estimate.acknowledgedBitsPerSecond());
    path.estimate.probeStarted(path.padding, ProbeController.PROBE_NANOS);
    path.padding.probe(flowing / 2, ProbeController.PROBE_NANOS);
    path.link(150_000, 0.03);
    List<Long> every100Ms = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      path.run(Duration.ofMillis(100), estimate -> 190_000);
      every100Ms.add(path.estimate.bitsPerSecond());
      if (i == 7) {
        path.estimate.probeEnded();
      }
    }
    String estimates = kbps(every100Ms) + ", " + flowing / 1000 + " kbit/s flowing before";
    System.out.println("probe, and the link falls to 150 kbit/s: " + estimates);
    int aftermath =
        (int)
            ((ProbeController.PROBE_NANOS + BandwidthEstimator.PROBE_AFTERMATH_NANOS)
                / 100_000_000);
    assertThat(every100Ms.subList(0, aftermath))
        .as(estimates)
        .allSatisfy(bps -> assertThat(bps).isGreaterThanOrEqualTo(flowing));
    assertThat(every100Ms.get(every100Ms.size() - 1)).as(estimates).isLessThan(flowing * 9 / 10);
  }

  @Test
  void aLinkWithConstantDelayAndRoomToSpareNeverLowersIt() {
    SimulatedDownlink path = new SimulatedDownlink(20_000_000, 0);
    path.run(Duration.ofSeconds(20), BandwidthEstimationTest::followEstimate);
    System.out.println("open link: " + kbps(path.perSecond));
    for (int i = 1; i < path.perSecond.size(); i++) {
      assertThat(path.perSecond.get(i))
          .as(kbps(path.perSecond))
          .isGreaterThanOrEqualTo(path.perSecond.get(i - 1));
    }
    assertThat(path.perSecond.get(19)).isGreaterThan(PUBLISHED);
  }

  /**
   * A receiver whose network thread stalls for 150 ms twice a second (a browser starting up on a
   * machine short of cores: a Firefox receiver's estimate fell from 1000 to 136 kbit/s in the first
   * second of a call on an open link, and its video was paused) reads what waited in its socket in
   * one burst after each stall. The burst catches up with the queue the stall seemed to build (GCC
   * groups it with the delayed packets), so the estimate does not fall below what flows.
   */
  @Test
  void aReceiverWhoseNetworkThreadStallsIsNotThoughtCongested() {
    SimulatedDownlink path = new SimulatedDownlink(20_000_000, 0);
    path.stallNanos = 150_000_000;
    path.stallEveryNanos = 500_000_000;
    path.run(Duration.ofSeconds(15), estimate -> 250_000);
    System.out.println("250 kbit/s to a receiver that stalls: " + kbps(path.perSecond));
    assertThat(path.perSecond)
        .as(kbps(path.perSecond))
        .allSatisfy(bps -> assertThat(bps).isGreaterThanOrEqualTo(300_000));
  }

  @Test
  void aNodeThatIgnoresTheEstimateStillGetsTheLinksRate() {
    // Today's node: it forwards everything the publisher sends, whatever the estimate.
    SimulatedDownlink path = new SimulatedDownlink(350_000, 0);
    path.run(Duration.ofSeconds(20), estimate -> 1_500_000);
    System.out.println(
        "1.5 Mbit/s into 350 kbit/s: " + kbps(path.perSecond) + ", lost " + path.lossSoFar());
    assertThat(path.perSecond.subList(5, 20))
        .as(kbps(path.perSecond))
        .allSatisfy(bps -> assertThat(bps).isBetween(200_000L, 450_000L));
  }

  @Test
  void aReceiverOfLittleIsNotThoughtToCarryMore() {
    SimulatedDownlink path = new SimulatedDownlink(20_000_000, 0);
    path.run(Duration.ofSeconds(15), estimate -> 40_000);
    System.out.println("40 kbit/s of video on an open link: " + kbps(path.perSecond));
    assertThat(path.perSecond)
        .as(kbps(path.perSecond))
        .allSatisfy(bps -> assertThat(bps).isLessThanOrEqualTo(BandwidthEstimator.START));
  }
}
