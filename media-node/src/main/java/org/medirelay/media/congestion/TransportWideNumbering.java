package org.medirelay.media.congestion;

import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.packet.RtpHeaderExtensions;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Transform;

/**
 * The first stage of a transport's RTP send path, before encryption: gives each packet that carries
 * the transport-wide sequence number element this transport's own next number, in place, and
 * records it in the {@link SendHistory}. Forwarded packets arrive with the publisher's numbering
 * under the same ID (the node gives every browser the same IDs), which means nothing to this
 * receiver. Packets without the element (adaptation off, or a publisher that did not negotiate it)
 * pass unchanged and are not recorded.
 *
 * <pre>
 * before: | RTP header | 0xBEDE | len | … | ID=3 L=1 | publisher's seq (2) | … | payload |
 * after:  | RTP header | 0xBEDE | len | … | ID=3 L=1 | this transport's seq  | … | payload |
 * </pre>
 */
final class TransportWideNumbering extends Transform {

  /**
   * Bytes each packet adds on the wire beyond its RTP bytes: the SRTP tag (10) and the IPv4 and UDP
   * headers (28), so the estimate is of what the link carries.
   */
  static final int WIRE_OVERHEAD = 38;

  private final SendHistory history;
  private final NanoClock clock;

  TransportWideNumbering(SendHistory history, NanoClock clock) {
    super("transport-wide sequence number", null);
    this.history = history;
    this.clock = clock;
  }

  @Override
  protected boolean transform(Packet p) {
    int at = RtpHeaderExtensions.find(p, RtpExtension.TRANSPORT_CC.id);
    if (at >= 0 && RtpHeaderExtensions.lengthAt(p, at) == 2) {
      p.putUint16(at, history.number(p.getLength() + WIRE_OVERHEAD, clock.nanos()));
    }
    return true;
  }
}
