package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.MediaBytes.nack;
import static org.medirelay.media.router.MediaBytes.packet;
import static org.medirelay.media.router.MediaBytes.pictureId;
import static org.medirelay.media.router.MediaBytes.pli;
import static org.medirelay.media.router.MediaBytes.sequence;
import static org.medirelay.media.router.MediaBytes.ssrc;
import static org.medirelay.media.router.MediaBytes.timestamp;
import static org.medirelay.media.router.MediaBytes.tl0PicIdx;
import static org.medirelay.media.router.MediaBytes.vp8;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * A simulcast producer of three rid layers (l 320×180, m 640×360, h 1280×720) and Alice's consumer
 * of it, with bytes in and bytes out and a hand-moved clock: SSRC learning, layer switches on
 * keyframes, the rewritten stream's continuity, NACKs across a switch, and a layer going silent.
 */
class SimulcastTest {

  private static final long NODE_SSRC = 0x0DE0DE;
  private static final long L = 0x1000L;
  private static final long M = 0x2000L;
  private static final long H = 0x3000L;
  private static final String[] RIDS = {"l", "m", "h"};
  private static final long[] SSRCS = {L, M, H};
  private static final int[] HEIGHTS = {180, 360, 720};

  /** The one-byte extension block a packet with a rid carries (header and one word). */
  private static final int RID_BLOCK = 8;

  private final FakeClock clock = new FakeClock();
  private final PacketPool pool = new PacketPool(64);
  private final MediaMetrics metrics = new MediaMetrics();
  private final Router router = new Router();
  private final Capture publisherRtcp = new Capture("publisher RTCP out");
  private final Capture aliceRtp = new Capture("alice RTP out");
  private final Capture aliceRtcp = new Capture("alice RTCP out");
  private boolean aliceHasKeys = true;
  private final Endpoint publisher =
      endpoint("publisher", new Capture("p RTP"), publisherRtcp, () -> true);
  private final Endpoint alice = endpoint("alice", aliceRtp, aliceRtcp, () -> aliceHasKeys);
  private final Stage publisherIn =
      Stage.chain(
          router.ssrcLearning(publisher, metrics.ridRefused),
          router.producerOf(publisher, metrics.notPublished));
  private final Producer video =
      router.addSimulcast(null, publisher, List.of(RIDS), 512, NODE_SSRC, clock, pool, metrics);
  private final SsrcMap<Consumer> aliceReceives = new SsrcMap<>();
  private final RtcpTerminator aliceRtcpIn =
      new RtcpTerminator(alice, router, aliceReceives, metrics);

  /** Per layer: next sequence number, timestamp, PictureID, TL0PICIDX. */
  private final int[] seq = {1000, 20_000, 40_000};

  private final long[] ts = {5_000, 7_000_000, 900_000_000};
  private final int[] picture = {300, 9000, 30_000};
  private final int[] tl0 = {40, 100, 250};

  private Endpoint endpoint(String id, Stage rtp, Stage rtcp, BooleanSupplier hasKeys) {
    return new Endpoint(
        id,
        () -> Transform.of("decrypt", null, p -> true),
        null,
        hasKeys,
        rtp,
        rtcp,
        new NackResponder(pool, metrics),
        new DownlinkEstimate(id, clock, metrics));
  }

  private Consumer aliceConsumes() {
    Consumer consumer = new Consumer(video, alice, pool);
    aliceReceives.put(consumer.ssrc(), consumer);
    router.add(consumer);
    return consumer;
  }

  /** Layer {@code layer} sends one frame (a keyframe or not), one packet, 33 ms after the last. */
  private void frame(int layer, boolean keyframe) {
    int width = keyframe ? HEIGHTS[layer] * 16 / 9 : 0;
    byte[] bytes =
        vp8(
            SSRCS[layer],
            seq[layer]++,
            ts[layer],
            RIDS[layer],
            picture[layer]++,
            keyframe ? ++tl0[layer] : tl0[layer],
            width,
            HEIGHTS[layer]);
    ts[layer] += 3000;
    publisherIn.accept(packet(pool, bytes, clock.nanos()));
  }

  /** Each of {@code layers} sends a keyframe, then they send {@code deltas} frames each. */
  private void send(int deltas, boolean keyframes, int... layers) {
    for (int layer : layers) {
      if (keyframes) {
        frame(layer, true);
      }
    }
    for (int i = 0; i < deltas; i++) {
      clock.advance(Duration.ofMillis(33));
      for (int layer : layers) {
        frame(layer, false);
      }
    }
  }

  @Test
  void eachLayersSsrcIsLearnedFromItsRidOnceAndRidsNotAgreedAreRefused() {
    send(0, true, 0);
    assertThat(router.producer(L)).isSameAs(video);

    // While m and h are still unknown: a second SSRC claiming rid "l", a rid the answer did not
    // agree, and no rid at all.
    publisherIn.accept(packet(pool, vp8(0x4000, 1, 0, "l", 1, 1, 0, 0), clock.nanos()));
    publisherIn.accept(packet(pool, vp8(0x5000, 1, 0, "x", 1, 1, 0, 0), clock.nanos()));
    publisherIn.accept(packet(pool, vp8(0x6000, 1, 0, null, 1, 1, 0, 0), clock.nanos()));

    assertThat(metrics.ridRefused.count()).isEqualTo(2);
    assertThat(metrics.notPublished.count()).isEqualTo(3);
    assertThat(router.producer(0x4000)).isNull();

    send(0, true, 1, 2);
    assertThat(router.producer(M)).isSameAs(video);
    assertThat(router.producer(H)).isSameAs(video);
    assertThat(router.forwardedAs(video.ssrc())).isSameAs(video);
    assertThat(router.producer(video.ssrc())).as("not an SSRC anyone sends").isNull();
    assertThat(video.statistics()).as("a receiver report block per layer").hasSize(3);
    assertThat(pool.available()).isEqualTo(64);
  }

  @Test
  void switchesOnlyOnAKeyframeOfTheTargetAndTheReceiverSeesOneContinuousStream() {
    Consumer consumer = aliceConsumes();
    consumer.setTarget(0);
    send(3, true, 0, 1, 2);
    assertThat(consumer.currentLayer()).isEqualTo(0);
    assertThat(consumer.layers().get(2).height()).isEqualTo(720);
    List<byte[]> before = aliceRtp.take();
    assertThat(before).hasSize(4).allMatch(p -> ssrc(p) == video.ssrc());
    assertThat(Arrays.copyOfRange(before.get(0), 16, 18))
        .as("the rid element is blanked")
        .containsOnly(0);

    consumer.setTarget(2);
    send(2, false, 0, 1, 2);
    assertThat(consumer.currentLayer()).as("no keyframe of h yet").isEqualTo(0);
    assertThat(aliceRtp.take()).hasSize(2).allMatch(p -> ssrc(p) == video.ssrc());
    assertThat(publisherRtcp.take()).as("a keyframe of h is asked for").contains(pli(NODE_SSRC, H));

    clock.advance(Duration.ofMillis(33));
    frame(2, true);
    send(2, false, 0, 1, 2);

    assertThat(consumer.currentLayer()).isEqualTo(2);
    List<byte[]> after = aliceRtp.take();
    assertThat(after).hasSize(3);
    byte[] lastOfL = before.get(before.size() - 1);
    int expectedSeq = sequence(lastOfL) + 3; // two more of l went out after `before`
    for (int i = 0; i < after.size(); i++) {
      assertThat(sequence(after.get(i))).isEqualTo(expectedSeq + i);
      assertThat(pictureId(after.get(i), RID_BLOCK))
          .isEqualTo(pictureId(lastOfL, RID_BLOCK) + 3 + i);
      assertThat(ssrc(after.get(i))).isEqualTo(video.ssrc());
    }
    assertThat(tl0PicIdx(after.get(0), RID_BLOCK)).isEqualTo(tl0PicIdx(lastOfL, RID_BLOCK) + 1);
    // 66 ms after the last l frame sent: 5940 ticks at 90 kHz after its timestamp.
    assertThat(timestamp(after.get(0))).isEqualTo(timestamp(lastOfL) + 2 * 3000 + 2970);
    assertThat(timestamp(after.get(1)) - timestamp(after.get(0))).isEqualTo(3000);
    assertThat(pool.available()).isEqualTo(64);
  }

  /**
   * A newcomer's keyframe is asked for as it joins, and often comes before its DTLS keys: it is not
   * wasted (libwebrtc takes no second request within 300 ms), the newcomer starts on it from the
   * cache the moment it can, with every packet that followed, as one continuous stream.
   */
  @Test
  void aKeyframeThatCameBeforeTheReceiversKeysIsReplayedFromTheCacheWhenTheyAreReady() {
    send(1, true, 0, 1); // the call in progress
    clock.advance(Duration.ofMillis(33));
    video.requestKeyframeForNewcomer();
    assertThat(publisherRtcp.take()).as("asked as Alice joins").containsExactly(pli(NODE_SSRC, M));
    aliceHasKeys = false;
    Consumer consumer = aliceConsumes();
    consumer.setTarget(1);
    send(3, true, 0, 1);
    assertThat(aliceRtp.take()).as("nothing before the keys").isEmpty();
    assertThat(consumer.currentLayer()).isEqualTo(Consumer.NONE);

    aliceHasKeys = true;
    consumer.receiverReady();
    clock.advance(Duration.ofMillis(33));
    frame(1, false);
    assertThat(publisherRtcp.take()).as("no second request").isEmpty();

    List<byte[]> out = aliceRtp.take();
    assertThat(out).as("l's keyframe and its three deltas: the smallest picture first").hasSize(4);
    assertThat(consumer.currentLayer()).isEqualTo(0);
    for (int i = 0; i < out.size(); i++) {
      assertThat(ssrc(out.get(i))).isEqualTo(video.ssrc());
      assertThat(sequence(out.get(i))).isEqualTo(sequence(out.get(0)) + i);
      assertThat(pictureId(out.get(i), RID_BLOCK)).isEqualTo(pictureId(out.get(0), RID_BLOCK) + i);
    }

    send(16, false, 0, 1);
    assertThat(publisherRtcp.take())
        .as("m's next keyframe, half a second on")
        .containsExactly(pli(NODE_SSRC, M));
    clock.advance(Duration.ofMillis(33));
    frame(1, true);
    assertThat(consumer.currentLayer()).isEqualTo(1);
    aliceRtp.take();
    assertThat(pool.available()).isEqualTo(64);
  }

  /**
   * A receiver that has nothing yet starts on the first keyframe that comes, of a lower layer when
   * that one comes first (it is smaller, so it does), and moves to the layer it wants on that
   * layer's keyframe, which the same request brought.
   */
  @Test
  void aNewReceiverStartsOnTheFirstKeyframeOfAnyLayerUpToTheOneItWants() {
    send(1, true, 0, 1, 2); // the call in progress
    publisherRtcp.take();
    Consumer consumer = aliceConsumes();
    consumer.setTarget(1);
    clock.advance(Duration.ofMillis(33));
    frame(0, true);
    assertThat(consumer.currentLayer()).as("l's keyframe came first").isEqualTo(0);
    frame(1, true);
    assertThat(consumer.currentLayer()).isEqualTo(1);
    frame(2, true);
    frame(0, true);
    assertThat(consumer.currentLayer()).as("neither above nor below the one wanted").isEqualTo(1);
    List<byte[]> out = aliceRtp.take();
    assertThat(out).as("the keyframes of l and m").hasSize(2);
    assertThat(sequence(out.get(1))).isEqualTo(sequence(out.get(0)) + 1);
    assertThat(publisherRtcp.take()).as("m's keyframe was on its way: not asked for").isEmpty();
  }

  @Test
  void aKeyframeTooOldToCatchUpWithIsAskedForAgainInsteadOfReplayed() {
    aliceHasKeys = false;
    Consumer consumer = aliceConsumes();
    consumer.setTarget(1);
    send(10, true, 0, 1);
    publisherRtcp.take();

    aliceHasKeys = true;
    consumer.receiverReady();
    clock.advance(Duration.ofMillis(33));
    frame(1, false);
    assertThat(aliceRtp.take()).as("330 ms of video would be 330 ms of delay").isEmpty();
    assertThat(publisherRtcp.take()).containsExactly(pli(NODE_SSRC, M));

    clock.advance(Duration.ofMillis(33));
    frame(1, true);
    assertThat(aliceRtp.take()).hasSize(1);
    assertThat(consumer.currentLayer()).isEqualTo(1);
  }

  /**
   * A packet lost on the publisher's uplink is in no cache: the node asks the publisher for it at
   * once and again every 80 ms until it comes (at most five times), and forwards the resend.
   */
  @Test
  void packetsLostOnThePublishersUplinkAreAskedForUntilTheyComeAndTheResendIsForwarded() {
    Consumer consumer = aliceConsumes();
    consumer.setTarget(0);
    send(1, true, 0);
    publisherRtcp.take();
    int lost = seq[0];
    seq[0] += 2; // two packets of l never reach the node
    clock.advance(Duration.ofMillis(33));
    frame(0, false);
    assertThat(publisherRtcp.take()).containsExactly(nack(NODE_SSRC, L, lost, 0b1));
    List<byte[]> sent = aliceRtp.take();
    assertThat(sent).hasSize(3);
    int afterGap = sequence(sent.get(2));

    clock.advance(Duration.ofMillis(33));
    frame(0, false);
    assertThat(publisherRtcp.take()).as("asked 33 ms ago").isEmpty();
    clock.advance(Duration.ofMillis(60));
    frame(0, false);
    assertThat(publisherRtcp.take()).as("again").containsExactly(nack(NODE_SSRC, L, lost, 0b1));
    aliceRtp.take();

    // The publisher resends the first (as libwebrtc does without RTX: the same SSRC and number).
    byte[] resend = vp8(L, lost, ts[0], "l", picture[0], tl0[0], 0, HEIGHTS[0]);
    publisherIn.accept(packet(pool, resend, clock.nanos()));
    List<byte[]> out = aliceRtp.take();
    assertThat(out).as("the resend, forwarded").hasSize(1);
    assertThat(sequence(out.get(0))).isEqualTo(afterGap - 2);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofMillis(90));
      frame(0, false);
    }
    assertThat(publisherRtcp.take())
        .as("only the other, three times more")
        .containsExactly(
            nack(NODE_SSRC, L, lost + 1, 0),
            nack(NODE_SSRC, L, lost + 1, 0),
            nack(NODE_SSRC, L, lost + 1, 0));
    assertThat(metrics.nackGivenUp.count()).isEqualTo(1);
    assertThat(metrics.nacksSent.count()).isEqualTo(5);

    seq[0] += NackRequester.MAX_GAP + 1; // a restart, not loss
    frame(0, false);
    assertThat(publisherRtcp.take()).isEmpty();
    assertThat(pool.available()).isEqualTo(64);
  }

  @Test
  void aNackIsAnsweredFromTheCurrentLayerAndIgnoredForPacketsFromBeforeTheSwitch() {
    Consumer consumer = aliceConsumes();
    consumer.setTarget(0);
    send(2, true, 0, 2);
    consumer.setTarget(2);
    clock.advance(Duration.ofMillis(33));
    frame(2, true);
    send(2, false, 0, 2);
    List<byte[]> out = aliceRtp.take();
    assertThat(out).hasSize(6);
    int lastOfL = sequence(out.get(2));
    int firstOfH = sequence(out.get(3));

    aliceRtcpIn.accept(packet(pool, nack(0xA11CE, video.ssrc(), lastOfL, 0b11), clock.nanos()));

    List<byte[]> resent = aliceRtp.take();
    assertThat(resent).as("l's packets are not resent from h's cache").hasSize(2);
    assertThat(resent.get(0)).isEqualTo(out.get(3));
    assertThat(sequence(resent.get(1))).isEqualTo(firstOfH + 1);
    assertThat(metrics.resendUncached.packets().count()).isEqualTo(1);
  }

  /**
   * The keyframe a layer switch asks for makes one second of the layer's bytes much more than its
   * usual: its rate, the mean of its last three seconds, rises by a third of that, so the switch it
   * was asked for is not turned back at once.
   */
  @Test
  void aLayersRateIsTheMeanOfItsLastThreeSecondsSoOneHeavySecondDoesNotDoubleIt() {
    Consumer consumer = aliceConsumes();
    send(100, true, 0);
    long steady = consumer.layers().get(0).bitrate();
    for (int i = 0; i < 30; i++) {
      clock.advance(Duration.ofMillis(33));
      frame(0, false);
      frame(0, false); // twice the bytes for a second
    }
    send(3, false, 0);
    long afterHeavySecond = consumer.layers().get(0).bitrate();
    assertThat(steady).isPositive();
    assertThat(afterHeavySecond).isBetween(steady * 11 / 10, steady * 3 / 2);
  }

  @Test
  void aLayerThatFallsSilentIsLeftForOneThatIsLive() {
    Consumer consumer = aliceConsumes();
    send(2, true, 0, 1, 2);
    assertThat(consumer.currentLayer()).as("the top layer, for an unknown tile").isEqualTo(2);

    // h stops sending pictures (the page deactivated it; bandwidth probes, padding alone, go on);
    // l and m go on.
    for (int i = 0; i < 31; i++) {
      clock.advance(Duration.ofMillis(33));
      frame(0, false);
      frame(1, false);
      byte[] padding = MediaBytes.rtp(H, seq[2]++, ts[2], 100, 0);
      padding[0] |= 0x20;
      padding[padding.length - 1] = 100;
      publisherIn.accept(packet(pool, padding, clock.nanos()));
    }
    assertThat(consumer.currentLayer()).isEqualTo(2);
    assertThat(consumer.layers().get(2).live()).isFalse();
    assertThat(publisherRtcp.take()).contains(pli(NODE_SSRC, M));

    clock.advance(Duration.ofMillis(33));
    frame(1, true);
    assertThat(consumer.currentLayer()).isEqualTo(1);
  }

  @Test
  void aSmallTileGetsTheSmallestLayerHighEnoughAndNothingWhenTheTargetIsNone() {
    Consumer consumer = aliceConsumes();
    consumer.setTileHeight(200);
    send(1, true, 0, 1, 2);
    clock.advance(Duration.ofMillis(33));
    frame(1, true);
    assertThat(consumer.currentLayer()).isEqualTo(1);
    aliceRtp.take();

    consumer.setTarget(Consumer.NONE);
    send(3, true, 0, 1, 2);

    assertThat(consumer.currentLayer()).isEqualTo(Consumer.NONE);
    assertThat(aliceRtp.received()).isEmpty();
    assertThat(pool.available()).isEqualTo(64);
  }
}
