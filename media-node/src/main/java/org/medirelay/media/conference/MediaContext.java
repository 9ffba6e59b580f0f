package org.medirelay.media.conference;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.transport.DtlsCertificate;
import org.medirelay.media.transport.IceUdpPort;

/**
 * What every participant's transport shares: the UDP port, the DTLS identity, the packet pool, the
 * counters, and the SSRC the node uses for RTCP it writes itself (keyframe requests, receiver
 * reports).
 */
public record MediaContext(
    IceUdpPort port,
    DtlsCertificate certificate,
    PacketPool pool,
    MediaMetrics metrics,
    long rtcpSsrc,
    Settings config) {

  /** Tunables of the forwarding core. */
  public record Settings(int nackCacheSize) {}
}
