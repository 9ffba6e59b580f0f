package org.medirelay.media.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medirelay.media.router.MediaBytes.nack;
import static org.medirelay.media.router.MediaBytes.red;
import static org.medirelay.media.router.MediaBytes.rtp;
import static org.medirelay.media.router.MediaBytes.vp8;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.FakeClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * The packet path allocates nothing per packet: routing to consumers and answering NACKs use pooled
 * packets, copy-on-write tables and counters that do not allocate.
 */
class ForwardingAllocationTest {

  private static final long VIDEO = 0x5555;
  private static final long AUDIO = 0x6666;

  private final PacketPool pool = new PacketPool(256);
  private final MediaMetrics metrics = new MediaMetrics();
  private final Router router = new Router();

  private Endpoint endpoint(String id) {
    Stage sent = Consume.of(id + " socket", Packet::release);
    return new Endpoint(
        id,
        () -> Transform.of("decrypt", null, p -> true),
        null,
        () -> true,
        sent,
        sent,
        new NackResponder(pool, metrics),
        new DownlinkEstimate(id, new FakeClock(), metrics));
  }

  @Test
  void forwardingToFourConsumersAndAnsweringNacksAllocatesNothing() {
    Endpoint publisher = endpoint("publisher");
    Producer video =
        new Producer(
            publisher, Producer.Kind.VIDEO, VIDEO, 512, 1, new FakeClock(), pool, metrics, null);
    router.add(video);
    SsrcMap<Consumer> receiving = new SsrcMap<>();
    for (int i = 0; i < 4; i++) {
      Consumer consumer = new Consumer(video, endpoint("subscriber " + i), pool);
      router.add(consumer);
      receiving.put(consumer.ssrc(), consumer);
    }
    Stage rtpIn = router.producerOf(publisher, metrics.notPublished);
    Stage rtcpIn = new RtcpTerminator(endpoint("subscriber 0"), router, receiving, metrics);
    byte[] media = rtp(VIDEO, 0, 0, 1000, 1);
    byte[] lost = nack(2, VIDEO, 10, 0xFFFF);

    run(rtpIn, rtcpIn, media, lost, 20_000); // warm up: class loading, JIT
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(rtpIn, rtcpIn, media, lost, 20_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(20_000);
    assertThat(pool.exhaustedCount()).isZero();
    assertThat(pool.available()).isEqualTo(256);
  }

  @Test
  void forwardingThreeSimulcastLayersToFourConsumersAllocatesNothing() {
    Endpoint publisher = endpoint("publisher");
    Producer video =
        router.addSimulcast(
            null, publisher, List.of("l", "m", "h"), 512, 1, new FakeClock(), pool, metrics);
    SsrcMap<Consumer> receiving = new SsrcMap<>();
    for (int i = 0; i < 4; i++) {
      Consumer consumer = new Consumer(video, endpoint("subscriber " + i), pool);
      router.add(consumer);
      receiving.put(consumer.ssrc(), consumer);
    }
    Stage rtpIn =
        Stage.chain(
            router.ssrcLearning(publisher, metrics.ridRefused),
            router.producerOf(publisher, metrics.notPublished));
    Stage rtcpIn = new RtcpTerminator(endpoint("subscriber 0"), router, receiving, metrics);
    byte[][] layers = {
      vp8(0x100, 0, 0, "l", 1, 1, 320, 180),
      vp8(0x200, 0, 0, "m", 1, 1, 640, 360),
      vp8(0x300, 0, 0, "h", 1, 1, 1280, 720)
    };
    byte[] lost = nack(2, video.ssrc(), 10, 0xFFFF);

    runLayers(rtpIn, rtcpIn, layers, lost, 0, 5_000); // warm up, and learn the layers' SSRCs
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    runLayers(rtpIn, rtcpIn, layers, lost, 5_000, 7_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(receiving.values()).allMatch(consumer -> consumer.currentLayer() == 2);
    assertThat(allocated).as("bytes allocated for 21 000 packets").isLessThan(20_000);
    assertThat(pool.available()).isEqualTo(256);
  }

  @Test
  void forwardingRedAudioToFourConsumersTwoOfThemAsPlainOpusAllocatesNothing() {
    Endpoint publisher = endpoint("publisher");
    Producer audio =
        new Producer(
            publisher, Producer.Kind.AUDIO, AUDIO, 0, 1, new FakeClock(), pool, metrics, null);
    router.add(audio);
    for (int i = 0; i < 4; i++) {
      List<Stage> format = i % 2 == 0 ? List.of(new RedToOpus(metrics)) : List.of();
      router.add(new Consumer(audio, endpoint("subscriber " + i), pool, format));
    }
    Stage rtpIn = router.producerOf(publisher, metrics.notPublished);
    byte[] media = red(AUDIO, 0, 0, new byte[40], new byte[80]);

    run(rtpIn, Consume.of("no RTCP", Packet::release), media, new byte[0], 20_000);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    run(rtpIn, Consume.of("no RTCP", Packet::release), media, new byte[0], 20_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(20_000);
    assertThat(metrics.redMalformed.count()).isZero();
    assertThat(metrics.redUnwrapped.count()).isEqualTo(2 * 40_000);
    assertThat(pool.available()).isEqualTo(256);
  }

  /** Packets {@code from..to} of each layer, 10 ms apart, and a NACK every 100. */
  private void runLayers(
      Stage rtpIn, Stage rtcpIn, byte[][] layers, byte[] lost, int from, int to) {
    for (int i = from; i < to; i++) {
      for (byte[] layer : layers) {
        layer[2] = (byte) (i >> 8);
        layer[3] = (byte) i;
        Packet p = pool.take().fill(layer, 0, layer.length);
        p.setReceivedNanos(1 + i * 10_000_000L);
        rtpIn.accept(p);
      }
      if (i % 100 == 0) {
        Packet nack = pool.take().fill(lost, 0, lost.length);
        nack.setReceivedNanos(1 + i * 10_000_000L);
        rtcpIn.accept(nack);
      }
    }
  }

  private void run(Stage rtpIn, Stage rtcpIn, byte[] media, byte[] lost, int packets) {
    for (int i = 0; i < packets; i++) {
      media[2] = (byte) (i >> 8);
      media[3] = (byte) i;
      rtpIn.accept(pool.take().fill(media, 0, media.length));
      if (i % 100 == 0) {
        rtcpIn.accept(pool.take().fill(lost, 0, lost.length));
      }
    }
  }
}
