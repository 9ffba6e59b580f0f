package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.MediaBytes.packet;
import static org.medirelay.media.router.MediaBytes.vp8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.congestion.SimulatedDownlink;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * One receiver's allocation with real parts and a simulated link, on one hand-moved clock: a
 * publisher sends three simulcast layers (l, m, h at about 150 kbit/s, 500 kbit/s and 1.5 Mbit/s, a
 * keyframe each a second) into a producer; the receiver's consumer of it is given its layer every
 * 300 ms by its {@link DownlinkAllocation}; the receiver's link ({@link SimulatedDownlink}: its
 * estimate, its probe padding, a bottleneck, transport-cc feedback in bytes) carries audio and
 * video at the rate of the layer the consumer forwards.
 */
class DownlinkAllocationTest {

  private static final long NODE_SSRC = 0x0DE0DE;
  private static final String[] RIDS = {"l", "m", "h"};
  private static final long[] SSRCS = {0x1000, 0x2000, 0x3000};
  private static final int[] HEIGHTS = {180, 360, 720};

  /** Bytes each layer sends every 20 ms: 150 kbit/s, 500 kbit/s, 1.5 Mbit/s. */
  private static final int[] BYTES_PER_20_MS = {375, 1250, 3750};

  private static final Duration ROUND = Duration.ofMillis(300);
  private static final Duration STEP = Duration.ofMillis(20);

  private final SimulatedDownlink link = new SimulatedDownlink(5_000_000, 0);
  private final PacketPool pool = new PacketPool(256);
  private final Router router = new Router();
  private final Endpoint publisher = endpoint("publisher", new Capture("p RTP"));
  private final Endpoint receiver =
      endpoint("receiver", Consume.of("receiver socket", Packet::release));
  private final Stage publisherIn =
      Stage.chain(
          router.ssrcLearning(publisher, link.metrics.ridRefused),
          router.producerOf(publisher, link.metrics.notPublished));
  private final Producer video =
      router.addSimulcast(
          null, publisher, List.of(RIDS), 512, NODE_SSRC, link.clock, pool, link.metrics);
  private final Consumer consumer = new Consumer(video, receiver, pool);
  private final List<Boolean> pausedHeard = new ArrayList<>();
  private final DownlinkAllocation allocation =
      new DownlinkAllocation(link.estimate, link.padding, (id, paused) -> pausedHeard.add(paused));
  private final int[] seq = {1, 1, 1};
  private final int[] picture = {1, 1, 1};
  private long steps;

  /**
   * How many layers the publisher sends, lowest first (a browser drops its top ones when short).
   */
  private int layersSent = RIDS.length;

  /** The layer forwarded at the end of each round, as "estimate kbit/s@layer". */
  private final List<String> rounds = new ArrayList<>();

  DownlinkAllocationTest() {
    router.add(consumer);
  }

  private Endpoint endpoint(String id, Stage rtp) {
    return new Endpoint(
        id,
        () -> Transform.of("decrypt", null, p -> true),
        null,
        () -> true,
        rtp,
        new Capture(id + " RTCP"),
        new NackResponder(pool, link.metrics),
        link.estimate);
  }

  /** Runs {@code time} of the call: layers published, the link carrying what is forwarded. */
  private void run(Duration time) {
    for (long t = 0; t < time.toMillis(); t += ROUND.toMillis()) {
      for (long s = 0; s < ROUND.toMillis(); s += STEP.toMillis()) {
        publish();
        link.run(STEP, estimate -> forwardedBitrate());
      }
      allocation.allocate(List.of(consumer), null, link.clock.nanos());
      rounds.add(link.estimate.bitsPerSecond() / 1000 + "k@" + consumer.currentLayer());
    }
  }

  private long forwardedBitrate() {
    int layer = consumer.currentLayer();
    return layer < 0 ? 0 : consumer.layers().get(layer).bitrate();
  }

  /** 20 ms of each layer: one frame, a keyframe once a second. */
  private void publish() {
    boolean keyframe = steps++ % 50 == 0;
    for (int layer = 0; layer < layersSent; layer++) {
      int width = keyframe ? HEIGHTS[layer] * 16 / 9 : 0;
      byte[] frame =
          vp8(
              SSRCS[layer],
              seq[layer]++,
              steps * 1800,
              RIDS[layer],
              picture[layer]++,
              1,
              width,
              HEIGHTS[layer]);
      for (int left = BYTES_PER_20_MS[layer]; left > 0; left -= 1250) {
        byte[] bytes = Arrays.copyOf(frame, Math.min(1250, Math.max(frame.length, left)));
        publisherIn.accept(packet(pool, bytes, link.clock.nanos()));
        frame =
            vp8(SSRCS[layer], seq[layer]++, steps * 1800, RIDS[layer], picture[layer]++, 1, 0, 0);
      }
    }
  }

  /** The first round at which the top layer was forwarded, or -1. */
  private int firstAtTop() {
    return firstAt(2);
  }

  /** The first round at which {@code layer} was forwarded, or -1. */
  private int firstAt(int layer) {
    for (int i = 0; i < rounds.size(); i++) {
      if (rounds.get(i).endsWith("@" + layer)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void untilTheReceiverSendsFeedbackItGetsTheBestLayerItsTileShowsAndNoProbe() {
    consumer.setTileHeight(360);
    for (int i = 0; i < 50; i++) {
      publish();
      link.clock.advance(STEP);
    }
    allocation.allocate(List.of(consumer), null, link.clock.nanos());
    publish();
    link.clock.advance(STEP);
    publish();

    assertThat(link.estimate.measured()).isFalse();
    assertThat(consumer.currentLayer()).as("m: its tile is 360 high").isEqualTo(1);
    assertThat(link.padding.probing()).isFalse();
  }

  @Test
  void onAnOpenLinkProbesTakeTheReceiverToTheTopLayerAndThenStop() {
    run(Duration.ofSeconds(6));
    System.out.println("open link, each 300 ms: " + rounds);
    assertThat(firstAtTop()).as("rounds until the top layer: %s", rounds).isBetween(0, 10);
    link.takePaddingBytes();
    rounds.clear();
    run(Duration.ofSeconds(5));
    assertThat(rounds).allMatch(r -> r.endsWith("@2"));
    assertThat(link.takePaddingBytes()).as("padding once at the top").isZero();
  }

  @Test
  void aCappedLossyLinkKeepsTheLowLayerWithRareShortProbesAndItsLiftIsFoundWithinSeconds() {
    link.link(350_000, 0.03);
    run(Duration.ofSeconds(10));
    link.takePaddingBytes();
    link.takeLongestQueueMs();
    rounds.clear();
    run(Duration.ofSeconds(30));
    long padding = link.takePaddingBytes() * 8 / 30;
    long queue = link.takeLongestQueueMs();
    System.out.println(
        "350 kbit/s + 3 %: padding "
            + padding / 1000
            + " kbit/s on average, longest queue "
            + queue
            + " ms; each 300 ms: "
            + rounds);
    assertThat(rounds).as("the layer under the cap").allMatch(r -> r.endsWith("@0"));
    assertThat(padding).as("padding, bits per second").isLessThan(40_000);
    assertThat(queue).as("the longest queue, ms").isLessThan(300);
    assertThat(pausedHeard).isEmpty();

    rounds.clear();
    link.link(5_000_000, 0);
    run(Duration.ofSeconds(10));
    System.out.println("lifted to 5 Mbit/s, each 300 ms: " + rounds);
    // Steady loss stopping is seen within about 3 s; the probe it starts asks twice the estimate,
    // the next twice again (18 rounds at most, whenever in the probes' schedule the cap lifts).
    assertThat(firstAtTop()).as("rounds until the top layer: %s", rounds).isBetween(0, 20);
    assertThat(link.estimate.bitsPerSecond()).isGreaterThanOrEqualTo(2_000_000);
  }

  /**
   * A publisher's top layer starting again (its own uplink recovered) is not measured for its first
   * second: until it is, it must not look free to a receiver whose link carries only the lowest.
   */
  @Test
  void aTopLayerThatJustStartedIsNotSentToAReceiverWhoseLinkCannotCarryIt() {
    link.link(350_000, 0);
    layersSent = 2;
    run(Duration.ofSeconds(10));
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(0);

    layersSent = 3;
    rounds.clear();
    run(Duration.ofSeconds(5));
    System.out.println("350 kbit/s, the top layer starts, each 300 ms: " + rounds);
    assertThat(rounds).as("the layer under the cap").allMatch(r -> r.endsWith("@0"));
  }

  @Test
  void aLinkBelowTheLowestLayerPausesTheVideoAndItResumesWhenTheLinkRecovers() {
    link.link(100_000, 0);
    run(Duration.ofSeconds(15));
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(Consumer.NONE);
    assertThat(pausedHeard).containsExactly(true);

    link.link(5_000_000, 0);
    rounds.clear();
    run(Duration.ofSeconds(20));
    System.out.println("100 kbit/s lifted to 5 Mbit/s, each 300 ms: " + rounds);
    assertThat(pausedHeard).containsExactly(true, false);
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(2);
  }

  /**
   * Probes that found no room on a capped link wait up to 8 s between them; when the video is then
   * paused by a dip, the probe that can resume it comes 2 s later, not after that wait.
   */
  @Test
  void aVideoPausedByADipResumesSoonAfterItWhateverTheProbesWaitedBefore() {
    link.link(350_000, 0.03);
    run(Duration.ofSeconds(30));
    link.link(60_000, 0);
    run(Duration.ofSeconds(2));
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(Consumer.NONE);

    rounds.clear();
    link.link(350_000, 0.03);
    run(Duration.ofSeconds(10));
    System.out.println("a dip to 60 kbit/s over, each 300 ms: " + rounds);
    // 13 rounds (its probe in the 6th); after the wait the failed probes had built up, 19.
    assertThat(firstAt(0)).as("rounds until it resumed: %s", rounds).isBetween(0, 15);
  }

  /**
   * Nothing the receiver gets while its video is paused is numbered (a Firefox publisher's audio
   * comes without a transport-cc element): its probes alone must show the room to resume.
   */
  @Test
  void aPausedVideoResumesWhenOnlyTheProbesAreNumbered() {
    link.audioNumbered = false;
    link.link(100_000, 0);
    run(Duration.ofSeconds(15));
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(Consumer.NONE);

    link.link(5_000_000, 0);
    rounds.clear();
    run(Duration.ofSeconds(20));
    System.out.println("only probes numbered, 100 kbit/s lifted to 5 Mbit/s: " + rounds);
    assertThat(pausedHeard).containsExactly(true, false);
    assertThat(consumer.currentLayer()).as("%s", rounds).isEqualTo(2);
  }

  @Test
  void audioOnlyPausesEveryVideoWithoutAWordAndProbesNothing() {
    allocation.setAudioOnly(true);
    run(Duration.ofSeconds(3));
    assertThat(consumer.currentLayer()).isEqualTo(Consumer.NONE);
    assertThat(link.takePaddingBytes()).isZero();
    assertThat(pausedHeard).isEmpty();
  }
}
