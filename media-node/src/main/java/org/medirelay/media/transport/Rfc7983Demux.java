package org.medirelay.media.transport;

import io.micrometer.core.instrument.Counter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketKind;
import org.medirelay.media.pipeline.Demux;
import org.medirelay.media.pipeline.Stage;

/**
 * Sorts what arrives on the shared UDP port by its first bytes (RFC 7983 section 7, see {@link
 * PacketKind}): DTLS, RTP and RTCP each go on their own path. STUN never gets here (ice4j answers
 * it), so a leftover is discarded with anything else.
 */
public final class Rfc7983Demux extends Demux {

  private final Stage dtls;
  private final Stage rtp;
  private final Stage rtcp;

  public Rfc7983Demux(Stage dtls, Stage rtp, Stage rtcp, Counter malformed) {
    super("demultiplex (RFC 7983)", malformed);
    this.dtls = dtls;
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  @Override
  protected Stage select(Packet p) {
    return switch (PacketKind.of(p.getBuffer(), p.getOffset(), p.getLength())) {
      case DTLS -> dtls;
      case RTP -> rtp;
      case RTCP -> rtcp;
      default -> null;
    };
  }

  @Override
  protected Map<String, Stage> branches() {
    Map<String, Stage> branches = new LinkedHashMap<>();
    branches.put("DTLS", dtls);
    branches.put("RTP", rtp);
    branches.put("RTCP", rtcp);
    return branches;
  }
}
