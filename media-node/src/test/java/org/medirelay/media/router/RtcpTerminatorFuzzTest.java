package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.MediaBytes.packet;
import static org.medirelay.media.router.MediaBytes.pli;
import static org.medirelay.media.router.MediaBytes.rtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.junit.Lifecycle;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Capture;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * Fuzz test (Jazzer) for the RTCP a subscriber sends, as {@link RouterTest} wires it: any decrypted
 * compound packet goes through the subscriber's real {@link RtcpTerminator}, with a publisher's
 * video producer that has cached eleven packets and a consumer of it. Whatever comes in, no
 * exception escapes, every packet goes back to the pool, a malformed compound is counted, the
 * publisher gets at most one keyframe request, and the subscriber gets back only packets the
 * publisher sent, each at most once. Inputs replayed in every build: {@code
 * src/test/resources/org/medirelay/media/router/RtcpTerminatorFuzzTestInputs/<method>/}.
 */
class RtcpTerminatorFuzzTest {

  static final long NODE_SSRC = 0x0DE0DE;
  static final long VIDEO = 0x11112222L;
  private static final int POOL = 64;

  private final FakeClock clock = new FakeClock();
  private final PacketPool pool = new PacketPool(POOL);
  private final MediaMetrics metrics = new MediaMetrics();
  private final Router router = new Router();
  private final Capture publisherRtcp = new Capture("publisher RTCP out");
  private final Capture subscriberRtp = new Capture("subscriber RTP out");
  private final Endpoint publisher = endpoint("publisher", new Capture("-"), publisherRtcp);
  private final Endpoint subscriber = endpoint("subscriber", subscriberRtp, new Capture("-"));
  private final SsrcMap<Consumer> receiving = new SsrcMap<>();
  private final RtcpTerminator terminator =
      new RtcpTerminator(subscriber, router, receiving, metrics);
  private final List<byte[]> sent = new ArrayList<>();

  RtcpTerminatorFuzzTest() {
    Producer video =
        new Producer(
            publisher, Producer.Kind.VIDEO, VIDEO, 64, NODE_SSRC, clock, pool, metrics, null);
    router.add(video);
    Consumer consumer = new Consumer(video, subscriber, pool);
    receiving.put(consumer.ssrc(), consumer);
    router.add(consumer);
    Stage publisherRtp = router.producerOf(publisher, metrics.notPublished);
    for (int seq = 100; seq <= 110; seq++) {
      byte[] bytes = rtp(VIDEO, seq, 90L * seq, 100, seq);
      sent.add(bytes);
      publisherRtp.accept(packet(pool, bytes, clock.nanos()));
    }
    subscriberRtp.take();
  }

  @FuzzTest(lifecycle = Lifecycle.PER_EXECUTION)
  void terminatesAnyCompoundRtcp(byte[] bytes) {
    if (bytes.length > Packet.CAPACITY - Packet.HEADROOM) {
      return; // the socket never delivers more
    }
    Packet p = packet(pool, bytes, clock.nanos());
    boolean valid = Rtcp.isValidCompound(p);

    terminator.accept(p);

    assertThat(pool.available()).as("every packet back in the pool").isEqualTo(POOL);
    assertThat(metrics.malformed.count()).isEqualTo(valid ? 0.0 : 1.0);
    List<byte[]> keyframeRequests = publisherRtcp.take();
    assertThat(keyframeRequests.size()).isLessThanOrEqualTo(1);
    keyframeRequests.forEach(pli -> assertThat(pli).isEqualTo(pli(NODE_SSRC, VIDEO)));
    List<byte[]> resent = subscriberRtp.take();
    assertThat(resent.size()).isLessThanOrEqualTo(sent.size());
    for (byte[] packet : resent) {
      assertThat(sent).anySatisfy(original -> assertThat(packet).isEqualTo(original));
    }
    assertThat(resent.stream().map(MediaBytes::sequence).distinct().count())
        .as("each at most once")
        .isEqualTo(resent.size());
  }

  private Endpoint endpoint(String id, Stage rtpOut, Stage rtcpOut) {
    return new Endpoint(
        id,
        () -> Transform.of("decrypt", null, p -> true),
        null,
        () -> true,
        rtpOut,
        rtcpOut,
        new NackResponder(pool, metrics),
        new DownlinkEstimate(id, new FakeClock(), metrics));
  }
}
