package org.medirelay.media.conference;

import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.transport.DtlsCertificate;
import org.medirelay.media.transport.IceUdpPort;

/**
 * What every participant's transport shares: the UDP port, the DTLS identity, the packet pool, the
 * counters, the SSRC the node uses for RTCP it writes itself (keyframe requests, receiver reports),
 * and the clock every stage reads.
 */
public record MediaContext(
    IceUdpPort port,
    DtlsCertificate certificate,
    PacketPool pool,
    MediaMetrics metrics,
    long rtcpSsrc,
    Settings config,
    NanoClock clock) {

  /**
   * Tunables of the forwarding core.
   *
   * @param nackCacheSize packets of each video layer kept to answer NACKs
   * @param adaptation adapt what each receiver gets to its link (MEDIA_ADAPTATION); off, the node
   *     forwards what publishers send, as it is
   */
  public record Settings(int nackCacheSize, boolean adaptation) {}
}
