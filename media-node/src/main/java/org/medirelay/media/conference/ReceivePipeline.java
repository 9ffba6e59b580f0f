package org.medirelay.media.conference;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.util.Buffer;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Filter;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.router.Consumer;
import org.medirelay.media.router.Endpoint;
import org.medirelay.media.router.Router;
import org.medirelay.media.router.RtcpTerminator;
import org.medirelay.media.transport.Rfc7983Demux;
import org.medirelay.media.transport.WebRtcTransport;

/**
 * The receive path of one participant, declared as one tree of stages:
 *
 * <pre>
 * ice4j buffer → pooled packet (arrival time, source address)
 *   address verified by ICE
 *   demultiplex (RFC 7983)
 *     DTLS: DTLS handshake (its own thread)
 *     RTP:  keys ready → valid RTP → SSRC learning (a simulcast layer's rid element binds its SSRC)
 *             → producer of SSRC (router; only what this participant publishes)
 *             → [the producer's layer] SRTP decrypt → transport-cc arrivals → feedback (adaptation on)
 *             → receive statistics → audio level (audio) → NACK cache (video)
 *             → consumers: for each, a copy → layer selection → rewrite → its transport: encrypt, send
 *     RTCP: keys ready → valid RTCP header → SRTCP decrypt → RTCP terminator
 *             (SR → the producer's consumers; PLI/FIR, NACK → the consumer they name)
 * </pre>
 *
 * Every stage counts what it is handed and what it discards ({@link Stage#describe} prints the tree
 * with those counts). Everything runs on ice4j's receive thread for the port; nothing here
 * allocates per packet.
 */
final class ReceivePipeline {

  private static final Logger LOG = Logger.getLogger(ReceivePipeline.class.getName());

  private final PacketPool pool;
  private final MediaMetrics metrics;
  private final NanoClock clock;
  private final Stage head;

  /**
   * @param receiving the participant's consumers by SSRC, for the RTCP it sends about them
   */
  ReceivePipeline(
      WebRtcTransport transport,
      Endpoint self,
      Router router,
      SsrcMap<Consumer> receiving,
      MediaContext media) {
    this.pool = media.pool();
    this.metrics = media.metrics();
    this.clock = media.clock();
    MediaMetrics m = metrics;
    this.head =
        Stage.chain(
            transport.fromVerifiedAddress(m.wrongAddress),
            new Rfc7983Demux(
                transport.dtlsHandshake(),
                Stage.chain(
                    transport.keysReady(m.beforeKeys),
                    Filter.of("valid RTP", m.malformed, Rtp::isValid),
                    router.ssrcLearning(self, m.ridRefused),
                    router.producerOf(self, m.notPublished)),
                Stage.chain(
                    transport.keysReady(m.beforeKeys),
                    Filter.of("valid RTCP header", m.malformed, Rtcp::isHeaderValid),
                    transport.decryptRtcp(m.srtpFailures),
                    new RtcpTerminator(self, router, receiving, m)),
                m.malformed));
  }

  /**
   * Entry from ice4j's push API: the buffer is one of our packets (see PacketPool#takeIceBuffer),
   * and from here on ours. Nothing may propagate back to ice4j: it would return the buffer to the
   * pool a second time.
   */
  void accept(Buffer buffer) {
    try {
      receive(buffer);
    } catch (RuntimeException e) {
      metrics.internalErrors.increment();
      LOG.log(Level.WARNING, "packet from " + buffer.getRemoteAddress() + " failed", e);
    }
  }

  private void receive(Buffer buffer) {
    Packet p = pool.fromIceBuffer(buffer);
    if (p == null) {
      // Not one of the pool's (ice4j made it: the pool was empty or the datagram too big; or the
      // pool gave it up as lost and replaced it): copy it into one of ours.
      if (buffer.getLength() > Packet.CAPACITY - Packet.HEADROOM) {
        metrics.malformed.increment();
        return;
      }
      p = pool.take().fill(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
    }
    p.setReceivedNanos(clock.nanos());
    p.setSource(buffer.getRemoteAddress());
    metrics.packetsIn.increment();
    metrics.bytesIn.increment(p.getLength());
    head.accept(p);
  }

  /** The tree as wired, with each stage's counts. */
  String describe() {
    return head.describe();
  }
}
