package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.MediaBytes.nack;
import static org.medirelay.media.router.MediaBytes.opusOf;
import static org.medirelay.media.router.MediaBytes.packet;
import static org.medirelay.media.router.MediaBytes.pli;
import static org.medirelay.media.router.MediaBytes.red;
import static org.medirelay.media.router.MediaBytes.rtp;
import static org.medirelay.media.router.MediaBytes.senderReport;
import static org.medirelay.media.router.MediaBytes.sequence;
import static org.medirelay.media.router.MediaBytes.ssrc;
import static org.medirelay.media.router.MediaBytes.timestamp;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.congestion.TransportCcBytes;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * The router's media objects with bytes in and bytes out, no browser and no network: a publisher
 * with a video producer, and two subscribers, Alice and Bob, each with a consumer of it. Every
 * endpoint's transport is replaced by stages that capture what would be encrypted and sent.
 */
class RouterTest {

  private static final long NODE_SSRC = 0x0DE0DE;
  private static final long VIDEO = 0x11112222L;
  private static final long AUDIO = 0x33334444L;
  private static final long ALICE_SSRC = 0xA11CE;

  private final FakeClock clock = new FakeClock();
  private final PacketPool pool = new PacketPool(64);
  private final MediaMetrics metrics = new MediaMetrics();
  private final Router router = new Router();

  /** One participant with captured send paths and its consumers by SSRC. */
  private final class Peer {
    final Capture rtp;
    final Capture rtcp;
    final Endpoint endpoint;
    final SsrcMap<Consumer> consumers = new SsrcMap<>();
    final RtcpTerminator rtcpIn;

    Peer(String id) {
      rtp = new Capture(id + " RTP out");
      rtcp = new Capture(id + " RTCP out");
      DownlinkEstimate estimate = new DownlinkEstimate(id, clock, metrics);
      endpoint =
          new Endpoint(
              id,
              () -> Transform.of("decrypt", null, p -> true),
              null,
              () -> true,
              Stage.chain(estimate.numbering(), rtp),
              rtcp,
              new NackResponder(pool, metrics),
              estimate);
      rtcpIn = new RtcpTerminator(endpoint, router, consumers, metrics);
    }

    Consumer consume(Producer producer, Stage... fitting) {
      return added(new Consumer(producer, endpoint, pool, List.of(fitting)));
    }

    Consumer added(Consumer consumer) {
      consumers.put(consumer.ssrc(), consumer);
      router.add(consumer);
      return consumer;
    }

    void sendsRtcp(byte[] bytes) {
      rtcpIn.accept(packet(pool, bytes, clock.nanos()));
    }
  }

  private final Peer publisher = new Peer("publisher");
  private final Peer alice = new Peer("alice");
  private final Peer bob = new Peer("bob");
  private final Stage publisherRtp = router.producerOf(publisher.endpoint, metrics.notPublished);
  private final Producer video = publish(Producer.Kind.VIDEO, VIDEO);

  private Producer publish(Producer.Kind kind, long ssrc) {
    Producer producer =
        new Producer(publisher.endpoint, kind, ssrc, 512, NODE_SSRC, clock, pool, metrics, null);
    assertThat(router.add(producer)).isTrue();
    return producer;
  }

  private void publisherSends(long ssrc, int seq, long timestamp) {
    publisherRtp.accept(packet(pool, rtp(ssrc, seq, timestamp, 100, seq), clock.nanos()));
  }

  @Test
  void eachConsumerGetsItsOwnCopyOfWhatItsProducerReceives() {
    alice.consume(video);
    bob.consume(video);

    publisherSends(VIDEO, 7, 90_000);
    publisherSends(0x999, 8, 90_000); // an SSRC the publisher does not publish

    assertThat(alice.rtp.received()).containsExactly(rtp(VIDEO, 7, 90_000, 100, 7));
    assertThat(bob.rtp.received()).containsExactly(rtp(VIDEO, 7, 90_000, 100, 7));
    assertThat(metrics.rtpForwarded.count()).isEqualTo(2);
    assertThat(metrics.notPublished.count()).isEqualTo(1);
    assertThat(pool.available()).as("no packet kept or leaked").isEqualTo(64);
  }

  @Test
  void aHeldProducerForwardsNothingAndCountsItUntilReleased() {
    Producer audio = publish(Producer.Kind.AUDIO, AUDIO);
    alice.consume(audio);

    audio.hold(true);
    publisherSends(AUDIO, 1, 960);
    publisherSends(AUDIO, 2, 1920);
    audio.hold(false);
    publisherSends(AUDIO, 3, 2880);

    assertThat(alice.rtp.received()).containsExactly(rtp(AUDIO, 3, 2880, 100, 3));
    assertThat(metrics.mutedByHost.count()).isEqualTo(2);
    assertThat(pool.available()).as("held packets go back to the pool").isEqualTo(64);
  }

  @Test
  void aPassThroughConsumerKeepsSequenceAndTimestampContinuousAcrossTheWrap() {
    alice.consume(video);
    long timestamp = 0xFFFFF000L; // the timestamp wraps too
    for (int i = 0; i < 6; i++) {
      publisherSends(VIDEO, (65533 + i) & 0xFFFF, (timestamp + 3000L * i) & 0xFFFFFFFFL);
    }

    List<byte[]> out = alice.rtp.received();
    assertThat(out).hasSize(6);
    for (int i = 0; i < out.size(); i++) {
      assertThat(ssrc(out.get(i))).isEqualTo(VIDEO);
      assertThat(sequence(out.get(i))).isEqualTo((65533 + i) & 0xFFFF);
      assertThat(timestamp(out.get(i))).isEqualTo((timestamp + 3000L * i) & 0xFFFFFFFFL);
      assertThat(out.get(i))
          .isEqualTo(rtp(VIDEO, (65533 + i) & 0xFFFF, timestamp(out.get(i)), 100, 65533 + i));
    }
  }

  @Test
  void aNackIsAnsweredFromTheProducersCacheToTheConsumerThatAsked() {
    alice.consume(video);
    bob.consume(video);
    for (int seq = 100; seq <= 110; seq++) {
      publisherSends(VIDEO, seq, 90L * seq);
    }
    alice.rtp.take();
    bob.rtp.take();

    // Alice lost 102, and 104 and 105 (BLP bits 1 and 2), and 200, which was never sent.
    alice.sendsRtcp(nack(ALICE_SSRC, VIDEO, 102, 0b110));
    alice.sendsRtcp(nack(ALICE_SSRC, VIDEO, 200, 0));

    assertThat(alice.rtp.received())
        .containsExactly(
            rtp(VIDEO, 102, 90L * 102, 100, 102),
            rtp(VIDEO, 104, 90L * 104, 100, 104),
            rtp(VIDEO, 105, 90L * 105, 100, 105));
    assertThat(bob.rtp.received()).as("Bob asked for nothing").isEmpty();
    assertThat(metrics.nacksReceived.count()).isEqualTo(2);
    assertThat(metrics.retransmissions.count()).isEqualTo(3);
    assertThat(pool.available()).isEqualTo(64);
  }

  @Test
  void eachSubscribersTransportCcFeedbackReachesItsOwnEstimate() {
    alice.consume(video);
    bob.consume(video);
    byte[] numbered = TransportCcBytes.rtp(0x1234, 200); // the publisher's transport-wide number
    ByteBuffer.wrap(numbered).putInt(8, (int) VIDEO);
    publisherRtp.accept(packet(pool, numbered, clock.nanos()));
    byte[] toAlice = alice.rtp.take().get(0);
    assertThat(ByteBuffer.wrap(toAlice).getShort(17)).as("Alice's own numbering").isZero();

    // A receiver report without blocks, then feedback: packet 0 arrived.
    byte[] feedback = TransportCcBytes.feedback(0, new long[] {7_000_000}, 0);
    byte[] compound =
        ByteBuffer.allocate(8 + feedback.length)
            .putInt(0x80C90001)
            .putInt((int) ALICE_SSRC)
            .put(feedback)
            .array();
    alice.sendsRtcp(compound);

    assertThat(metrics.transportCcFeedbackAccepted.count()).isEqualTo(1);
    assertThat(alice.endpoint.estimate().measured()).isTrue();
    assertThat(bob.endpoint.estimate().measured()).isFalse();
  }

  /**
   * Firefox keeps transport-cc on video only: the audio it receives must go without the element,
   * unnumbered, or its feedback (which never reports it) would make every audio packet a loss.
   */
  @Test
  void aReceiverThatDidNotKeepTransportCcGetsTheStreamUnnumbered() {
    Producer audio = publish(Producer.Kind.AUDIO, AUDIO);
    alice.added(Consumer.of(audio, alice.endpoint, pool, false, false)); // Firefox
    bob.added(Consumer.of(audio, bob.endpoint, pool, true, true)); // Chromium

    for (int i = 0; i < 3; i++) {
      byte[] numbered = TransportCcBytes.rtp(0x1234 + i, 200);
      ByteBuffer.wrap(numbered).putInt(8, (int) AUDIO).putShort(2, (short) i);
      publisherRtp.accept(packet(pool, numbered, clock.nanos()));
    }

    List<byte[]> toAlice = alice.rtp.take();
    assertThat(toAlice).hasSize(3);
    for (byte[] sent : toAlice) {
      Packet p = packet(pool, sent, 0);
      assertThat(RtpHeaderExtensions.find(p, RtpExtension.TRANSPORT_CC.id)).isNegative();
      p.release();
    }
    List<byte[]> toBob = bob.rtp.take();
    for (int i = 0; i < toBob.size(); i++) {
      assertThat(ByteBuffer.wrap(toBob.get(i)).getShort(17))
          .as("Bob's own numbering")
          .isEqualTo((short) i);
    }
    // Feedback from Alice about packet 0 names a number her transport never gave.
    alice.sendsRtcp(TransportCcBytes.feedback(0, new long[] {7_000_000}, 0));
    assertThat(metrics.transportCcFeedbackOutOfRange.count()).isEqualTo(1);
    assertThat(pool.available()).isEqualTo(64);
  }

  @Test
  void aNackForAStreamTheAskerDoesNotReceiveIsIgnored() {
    alice.consume(video);
    publisherSends(VIDEO, 1, 0);
    alice.rtp.take();

    bob.sendsRtcp(nack(0xB0B, VIDEO, 1, 0));

    assertThat(bob.rtp.received()).isEmpty();
    assertThat(alice.rtp.received()).isEmpty();
  }

  @Test
  void aPliFromASubscriberBecomesOneKeyframeRequestToThePublisherPerInterval() {
    alice.consume(video);
    bob.consume(video);

    alice.sendsRtcp(pli(ALICE_SSRC, VIDEO));
    bob.sendsRtcp(pli(0xB0B, VIDEO)); // the same loss, seen by another receiver
    clock.advance(Duration.ofMillis(299));
    alice.sendsRtcp(pli(ALICE_SSRC, VIDEO));

    // RFC 4585 6.3.1: from the node's own SSRC, about the publisher's stream.
    byte[] expected = pli(NODE_SSRC, VIDEO);
    assertThat(publisher.rtcp.take()).containsExactly(expected);

    clock.advance(Duration.ofMillis(1));
    alice.sendsRtcp(pli(ALICE_SSRC, VIDEO));
    assertThat(publisher.rtcp.take()).containsExactly(expected);
    assertThat(metrics.keyframeRequests.count()).isEqualTo(2);
  }

  @Test
  void aPliForAStreamTheAskerDoesNotReceiveReachesNoPublisher() {
    alice.sendsRtcp(pli(ALICE_SSRC, VIDEO));
    assertThat(publisher.rtcp.received()).isEmpty();
  }

  @Test
  void aSenderReportReachesTheConsumersWithoutItsReportBlocks() {
    alice.consume(video);
    Producer audio = publish(Producer.Kind.AUDIO, AUDIO);
    bob.consume(audio);

    publisher.sendsRtcp(senderReport(VIDEO, 0xE0000001L, 0x80000000L, 123_456));

    byte[] expected = Arrays.copyOf(senderReport(VIDEO, 0xE0000001L, 0x80000000L, 123_456), 28);
    expected[0] = (byte) 0x80; // no report blocks
    ByteBuffer.wrap(expected).putShort(2, (short) (28 / 4 - 1));
    assertThat(alice.rtcp.received()).containsExactly(expected);
    assertThat(bob.rtcp.received()).as("Bob receives the audio, not the video").isEmpty();
  }

  @Test
  void aRemovedProducerFeedsNoOneAndItsSsrcIsNoLongerPublished() {
    alice.consume(video);
    router.remove(video);

    publisherSends(VIDEO, 1, 0);
    alice.sendsRtcp(pli(ALICE_SSRC, VIDEO));

    assertThat(alice.rtp.received()).isEmpty();
    assertThat(publisher.rtcp.received()).isEmpty();
    assertThat(metrics.notPublished.count()).isEqualTo(1);
  }

  @Test
  void anotherParticipantCannotPublishAnSsrcThatIsTaken() {
    Producer copycat =
        new Producer(
            alice.endpoint, Producer.Kind.VIDEO, VIDEO, 512, NODE_SSRC, clock, pool, metrics, null);
    assertThat(router.add(copycat)).isFalse();
    assertThat(router.producer(VIDEO)).isSameAs(video);
  }

  /** An RR from {@code sender} with one report block about {@code media}: fraction lost, LSR 0. */
  private static byte[] receiverReport(long sender, long media, int fractionLost) {
    ByteBuffer rr = ByteBuffer.allocate(32);
    rr.putShort((short) 0x81C9).putShort((short) 7).putInt((int) sender);
    rr.putInt((int) media).putInt(fractionLost << 24);
    return rr.array();
  }

  @Test
  void thePublisherHearsOfTheWorstAudioLossItsReceiversReportButNotOfVideoLoss() {
    Producer audio = publish(Producer.Kind.AUDIO, AUDIO);
    alice.consume(audio);
    bob.consume(audio);
    alice.consume(video);
    publisherSends(AUDIO, 1, 960);
    publisherSends(VIDEO, 1, 3000);

    bob.sendsRtcp(receiverReport(0xB0B, AUDIO, 20)); // Bob lost 20/256 of the audio
    alice.sendsRtcp(receiverReport(ALICE_SSRC, AUDIO, 3));
    alice.sendsRtcp(receiverReport(ALICE_SSRC, VIDEO, 60));
    Packet rr = ReceiverReport.about(pool, NODE_SSRC, clock.nanos(), audio, video);

    assertThat(rr.uint32At(8)).isEqualTo(AUDIO);
    assertThat(rr.byteAt(12)).as("audio: the worst receiver's loss").isEqualTo(20);
    assertThat(rr.uint32At(32)).isEqualTo(VIDEO);
    assertThat(rr.byteAt(36)).as("video: only what the node lost").isZero();
    rr.release();
  }

  @Test
  void aReceiverWithoutRedGetsThePrimaryOpusAndOneWithRedGetsThePacketAsItIs() {
    Producer audio = publish(Producer.Kind.AUDIO, AUDIO);
    alice.consume(audio, new RedToOpus(metrics));
    bob.consume(audio);
    byte[] primary = {1, 2, 3, 4, 5};
    byte[] red = red(AUDIO, 9, 1920, new byte[] {7, 7, 7}, primary);
    byte[] lying = red(AUDIO, 10, 2880, new byte[] {7, 7, 7}, primary);
    lying[20 + 3] = (byte) 200; // the redundant block claims 200 bytes
    byte[] plain = opusOf(red, primary.length); // a publisher without RED
    byte[] padding = rtp(AUDIO, 11, 2880, 8, 0); // a probe: padding alone, under RED's type
    padding[0] |= 0x20;
    padding[1] = 63;
    padding[padding.length - 1] = 8;
    byte[] paddingAsOpus = padding.clone();
    paddingAsOpus[1] = 111;

    publisherRtp.accept(packet(pool, red, clock.nanos()));
    publisherRtp.accept(packet(pool, lying, clock.nanos()));
    publisherRtp.accept(packet(pool, plain, clock.nanos()));
    publisherRtp.accept(packet(pool, padding, clock.nanos()));

    assertThat(alice.rtp.received())
        .containsExactly(opusOf(red, primary.length), plain, paddingAsOpus);
    assertThat(bob.rtp.received()).containsExactly(red, lying, plain, padding);
    assertThat(metrics.redMalformed.count()).isEqualTo(1);
    assertThat(metrics.redUnwrapped.count()).isEqualTo(1);
    assertThat(pool.available()).as("no packet kept or leaked").isEqualTo(64);
  }
}
