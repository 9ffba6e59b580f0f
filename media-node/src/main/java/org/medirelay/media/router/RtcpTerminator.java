package org.medirelay.media.router;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.packet.TransportCcReader;
import org.medirelay.media.pipeline.Consume;

/**
 * Ends the RTCP one participant sends at the node instead of passing it through blindly; the last
 * stage of its RTCP path. Each packet of a compound goes to the media object it is about:
 *
 * <ul>
 *   <li>SR about a stream the participant publishes: to that {@link Producer}, which sends the
 *       sender info to its consumers.
 *   <li>PLI/FIR and NACK about a stream the participant receives: to that {@link Consumer}, which
 *       asks its producer for a (rate-limited) keyframe, or has the participant's {@link
 *       NackResponder} answer from the producer's cache (at most once per round trip, within a byte
 *       budget).
 *   <li>Transport-cc feedback: to the participant's downlink estimate, which checks it whole
 *       (counting what it refuses) and updates what its link is thought to carry.
 *   <li>Report blocks in the participant's SR or RR: their LSR/DLSR give its round-trip time.
 *   <li>SDES, BYE and anything else: consumed.
 * </ul>
 */
public final class RtcpTerminator extends Consume {

  /** SR header (8) + sender info (20) with the report count set to 0. */
  static final int SR_WITHOUT_BLOCKS = 28;

  /** RR header (8): SSRC of the sender, then the report blocks. */
  private static final int RR_HEADER = 8;

  private final Endpoint from;
  private final Router router;
  private final SsrcMap<Consumer> receiving;
  private final MediaMetrics metrics;

  /**
   * @param receiving the participant's consumers by the SSRC it receives them with
   */
  public RtcpTerminator(
      Endpoint from, Router router, SsrcMap<Consumer> receiving, MediaMetrics metrics) {
    super("RTCP terminator");
    this.from = from;
    this.router = router;
    this.receiving = receiving;
    this.metrics = metrics;
  }

  /** Takes ownership of a decrypted compound RTCP packet. */
  @Override
  protected void consume(Packet p) {
    if (!Rtcp.isValidCompound(p)) {
      discard(p, metrics.malformed);
      return;
    }
    try {
      int at = 0;
      while (at < p.getLength()) {
        int length = Rtcp.packetLength(p, at);
        handle(p, at, length);
        at += length;
      }
    } finally {
      p.release();
    }
  }

  private void handle(Packet p, int at, int length) {
    switch (Rtcp.type(p, at)) {
      case Rtcp.SR -> {
        reportBlocks(p, at, length, SR_WITHOUT_BLOCKS);
        senderReport(p, at, length);
      }
      case Rtcp.RR -> reportBlocks(p, at, length, RR_HEADER);
      case Rtcp.PSFB -> keyframeRequest(p, at, length);
      case Rtcp.RTPFB -> {
        if (Rtcp.count(p, at) == Rtcp.FMT_NACK && length >= 16) {
          nack(p, at);
        } else if (Rtcp.count(p, at) == TransportCcReader.FMT) {
          from.estimate().feedback(p, at, length);
        }
      }
      default -> {
        // SDES, BYE, XR: the node terminates them.
      }
    }
  }

  private void senderReport(Packet p, int at, int length) {
    long ssrc = Rtcp.senderSsrc(p, at);
    Producer producer = router.producer(ssrc);
    if (length < SR_WITHOUT_BLOCKS || producer == null || producer.publisher() != from) {
      return;
    }
    producer.senderReport(producer.layer(ssrc), p, at);
  }

  private void keyframeRequest(Packet p, int at, int length) {
    int format = Rtcp.count(p, at);
    long mediaSsrc;
    if (format == Rtcp.FMT_PLI && length >= 12) {
      mediaSsrc = Rtcp.mediaSsrc(p, at);
    } else if (format == Rtcp.FMT_FIR && length >= 20) {
      mediaSsrc = p.uint32At(at + 12); // FIR names the stream in its FCI (RFC 5104 section 4.3.1)
    } else {
      return;
    }
    Consumer consumer = receiving.get(mediaSsrc);
    if (consumer != null) {
      consumer.requestKeyframe();
    }
  }

  /** Generic NACK (RFC 4585 section 6.2.1) about a stream the participant receives. */
  private void nack(Packet p, int at) {
    metrics.nacksReceived.increment();
    Consumer consumer = receiving.get(Rtcp.mediaSsrc(p, at));
    if (consumer != null) {
      consumer.answerNack(p, at, Rtcp.packetLength(p, at));
    }
  }

  /** Hands each report block's LSR and DLSR to the round-trip time of this participant. */
  private void reportBlocks(Packet p, int at, int length, int firstBlock) {
    int blocks = Math.min(Rtcp.count(p, at), (length - firstBlock) / Rtcp.REPORT_BLOCK);
    for (int i = 0; i < blocks; i++) {
      int block = at + firstBlock + i * Rtcp.REPORT_BLOCK;
      // LSR and DLSR are the block's last two words.
      from.nacks().reportBlock(p.uint32At(block + 16), p.uint32At(block + 20), p.receivedNanos());
      Consumer about = receiving.get(p.uint32At(block));
      if (about != null) {
        about.setReceiverLoss(p.byteAt(block + 4)); // fraction lost, in 256ths
      }
    }
  }
}
