package org.medirelay.media.conference;

import io.micrometer.core.instrument.Counter;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.util.Buffer;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketKind;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.transport.SrtpSession;

/**
 * The receive path of one participant, one stage per method, each taking ownership of the packet it
 * is given:
 *
 * <pre>
 * accept (ice4j buffer → pooled Packet, count, only from the selected pair's address)
 *   └ demultiplex ── DTLS → DtlsSession (handshake thread)
 *                 ├─ RTP  → decryptRtp (only published SSRCs) → observe (receive stats) → cache (video)
 *                 │         → route → [per receiver: copy → encrypt → send]
 *                 ├─ RTCP → decryptRtcp → terminate RTCP (RtcpTerminator; a NACK → the asker's NackResponder)
 *                 └─ other / STUN leftovers → drop (counted)
 * </pre>
 *
 * Everything runs on ice4j's receive thread for the port; nothing here allocates per packet.
 */
final class ReceivePipeline {

  private static final Logger LOG = Logger.getLogger(ReceivePipeline.class.getName());

  private final Participant from;
  private final Conference conference;
  private final PacketPool pool;
  private final MediaMetrics metrics;
  private final RtcpTerminator rtcp;

  ReceivePipeline(Participant from, Conference conference, MediaContext media) {
    this.from = from;
    this.conference = conference;
    this.pool = media.pool();
    this.metrics = media.metrics();
    this.rtcp = new RtcpTerminator(from, conference, media);
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
      // ice4j made this buffer itself (pool exhausted or oversized): copy it into one of ours.
      if (buffer.getLength() > Packet.CAPACITY - Packet.HEADROOM) {
        metrics.malformed.increment();
        return;
      }
      p = pool.take().fill(buffer.getBuffer(), buffer.getOffset(), buffer.getLength());
    }
    p.setReceivedNanos(System.nanoTime());
    metrics.packetsIn.increment();
    metrics.bytesIn.increment(p.getLength());
    if (!from.acceptsFrom(buffer.getRemoteAddress())) {
      drop(p, metrics.wrongAddress);
      return;
    }
    demultiplex(p);
  }

  void demultiplex(Packet p) {
    switch (PacketKind.of(p.getBuffer(), p.getOffset(), p.getLength())) {
      case DTLS -> from.dtls().offer(p);
      case RTP -> decryptRtp(p);
      case RTCP -> decryptRtcp(p);
      default -> drop(p, metrics.malformed);
    }
  }

  private void decryptRtp(Packet p) {
    SrtpSession srtp = from.srtp();
    if (srtp == null) {
      drop(p, metrics.beforeKeys);
    } else if (!Rtp.isValid(p)) {
      drop(p, metrics.malformed);
    } else if (!from.publishes(Rtp.ssrc(p))) {
      // Not negotiated, or no publish grant: never decrypted, never forwarded.
      drop(p, metrics.notPublished);
    } else if (!srtp.decryptRtp(p)) {
      drop(p, metrics.srtpFailures);
    } else {
      observe(p);
    }
  }

  private void observe(Packet p) {
    ReceiveStatistics stats = from.receiveStatistics(Rtp.ssrc(p));
    if (stats != null) {
      stats.onPacket(Rtp.sequenceNumber(p), Rtp.timestamp(p), p.receivedNanos());
    }
    cache(p);
  }

  private void cache(Packet p) {
    if (Rtp.ssrc(p) == from.videoSsrc()) {
      from.videoCache().store(p);
    }
    conference.route(from, p);
  }

  private void decryptRtcp(Packet p) {
    SrtpSession srtp = from.srtp();
    if (srtp == null) {
      drop(p, metrics.beforeKeys);
    } else if (!Rtcp.isHeaderValid(p)) {
      drop(p, metrics.malformed);
    } else if (!srtp.decryptRtcp(p)) {
      drop(p, metrics.srtpFailures);
    } else {
      rtcp.accept(p);
    }
  }

  private static void drop(Packet p, Counter reason) {
    reason.increment();
    p.release();
  }
}
