package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
