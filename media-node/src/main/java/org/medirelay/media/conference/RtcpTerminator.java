package org.medirelay.media.conference;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtcp;

/**
 * Ends RTCP from one participant at the node instead of passing it through blindly:
 *
 * <ul>
 *   <li>SR from a publisher: its sender info (NTP/RTP timestamp pair, counts) is forwarded, without
 *       report blocks, to everyone receiving that stream, so their lip sync and stats stay right.
 *   <li>PLI/FIR from a receiver: becomes a (rate-limited) PLI from the node to the publisher of
 *       that SSRC.
 *   <li>NACK from a receiver: answered from the publisher's packet cache by the receiver's {@link
 *       NackResponder} (at most once per round trip, within a byte budget).
 *   <li>Report blocks in a receiver's SR or RR: their LSR/DLSR give its round-trip time.
 *   <li>RR, SDES, BYE and anything else: consumed.
 * </ul>
 */
final class RtcpTerminator {

  /** SR header (8) + sender info (20) with the report count set to 0. */
  private static final int SR_WITHOUT_BLOCKS = 28;

  /** RR header (8): SSRC of the sender, then the report blocks. */
  private static final int RR_HEADER = 8;

  private final Participant from;
  private final Conference conference;
  private final MediaMetrics metrics;

  RtcpTerminator(Participant from, Conference conference, MediaContext media) {
    this.from = from;
    this.conference = conference;
    this.metrics = media.metrics();
  }

  /** Takes ownership of a decrypted compound RTCP packet. */
  void accept(Packet p) {
    try {
      if (!Rtcp.isValidCompound(p)) {
        metrics.malformed.increment();
        return;
      }
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
        forwardSenderReport(p, at, length);
      }
      case Rtcp.RR -> reportBlocks(p, at, length, RR_HEADER);
      case Rtcp.PSFB -> keyframeRequest(p, at, length);
      case Rtcp.RTPFB -> {
        if (Rtcp.count(p, at) == Rtcp.FMT_NACK && length >= 16) {
          nack(p, at, length);
        }
      }
      default -> {
        // SDES, BYE, XR: the node terminates them.
      }
    }
  }

  private void forwardSenderReport(Packet p, int at, int length) {
    long ssrc = Rtcp.senderSsrc(p, at);
    if (length < SR_WITHOUT_BLOCKS || !from.publishes(ssrc)) {
      return;
    }
    ReceiveStatistics stats = from.receiveStatistics(ssrc);
    if (stats != null) {
      stats.onSenderReport(
          p.uint32At(at + 10), p.receivedNanos()); // middle 32 bits of the 64-bit NTP time
    }
    conference.forwardSenderReport(from, ssrc, p, at);
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
    Participant publisher = conference.publisherOf(mediaSsrc);
    if (publisher != null && from.isSubscribedTo(mediaSsrc)) {
      publisher.requestKeyframe();
    }
  }

  /** Generic NACK (RFC 4585 section 6.2.1): for a stream this participant receives, answered. */
  private void nack(Packet p, int at, int length) {
    metrics.nacksReceived.increment();
    long mediaSsrc = Rtcp.mediaSsrc(p, at);
    Participant publisher = conference.publisherOf(mediaSsrc);
    if (publisher == null
        || publisher.videoSsrc() != mediaSsrc
        || !from.isSubscribedTo(mediaSsrc)) {
      return;
    }
    from.nacks().answer(p, at, length, mediaSsrc, publisher.videoCache());
  }

  /** Hands each report block's LSR and DLSR to the round-trip time of this participant. */
  private void reportBlocks(Packet p, int at, int length, int firstBlock) {
    int blocks = Math.min(Rtcp.count(p, at), (length - firstBlock) / Rtcp.REPORT_BLOCK);
    for (int i = 0; i < blocks; i++) {
      int block = at + firstBlock + i * Rtcp.REPORT_BLOCK;
      // LSR and DLSR are the block's last two words.
      from.nacks().reportBlock(p.uint32At(block + 16), p.uint32At(block + 20), p.receivedNanos());
    }
  }

  static int srWithoutBlocks() {
    return SR_WITHOUT_BLOCKS;
  }
}
