package org.medirelay.media.conference;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.Rtcp;

/**
 * Ends RTCP from one participant at the node instead of passing it through blindly:
 *
 * <ul>
 *   <li>SR from a publisher: its sender info (NTP/RTP timestamp pair, counts) is forwarded, without
 *       report blocks, to everyone receiving that stream, so their lip sync and stats stay right.
 *   <li>PLI/FIR from a receiver: becomes a (rate-limited) PLI from the node to the publisher of
 *       that SSRC.
 *   <li>NACK from a receiver: answered from the publisher's packet cache.
 *   <li>RR, SDES, BYE and anything else: consumed.
 * </ul>
 */
final class RtcpTerminator {

  /** SR header (8) + sender info (20) with the report count set to 0. */
  private static final int SR_WITHOUT_BLOCKS = 28;

  private final Participant from;
  private final Conference conference;
  private final PacketPool pool;
  private final MediaMetrics metrics;

  RtcpTerminator(Participant from, Conference conference, MediaContext media) {
    this.from = from;
    this.conference = conference;
    this.pool = media.pool();
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
      case Rtcp.SR -> forwardSenderReport(p, at, length);
      case Rtcp.PSFB -> keyframeRequest(p, at, length);
      case Rtcp.RTPFB -> {
        if (Rtcp.count(p, at) == Rtcp.FMT_NACK && length >= 16) {
          nack(p, at, length);
        }
      }
      default -> {
        // RR, SDES, BYE, XR: the node terminates them.
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

  /** Generic NACK FCI: PID (16 bits) and BLP (16 bits), repeated (RFC 4585 section 6.2.1). */
  private void nack(Packet p, int at, int length) {
    metrics.nacksReceived.increment();
    long mediaSsrc = Rtcp.mediaSsrc(p, at);
    Participant publisher = conference.publisherOf(mediaSsrc);
    if (publisher == null
        || publisher.videoSsrc() != mediaSsrc
        || !from.isSubscribedTo(mediaSsrc)) {
      return;
    }
    PacketCache cache = publisher.videoCache();
    for (int fci = at + 12; fci + 4 <= at + length; fci += 4) {
      int pid = p.uint16At(fci);
      int blp = p.uint16At(fci + 2);
      resend(cache, pid);
      for (int bit = 0; bit < 16; bit++) {
        if ((blp & (1 << bit)) != 0) {
          resend(cache, (pid + bit + 1) & 0xFFFF);
        }
      }
    }
  }

  private void resend(PacketCache cache, int seq) {
    Packet copy = cache.copyOf(seq, pool);
    if (copy != null) {
      metrics.retransmissions.increment();
      from.sendRtp(copy);
    }
  }

  static int srWithoutBlocks() {
    return SR_WITHOUT_BLOCKS;
  }
}
