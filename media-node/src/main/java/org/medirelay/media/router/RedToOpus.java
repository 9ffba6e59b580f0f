package org.medirelay.media.router;

import io.micrometer.core.instrument.Counter;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.RedPayload;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.pipeline.Transform;
import org.medirelay.media.sdp.SdpOffer;

/**
 * The stage of an audio consumer's send path for a receiver that did not accept RED (a browser
 * without it, or one that refused it): a publisher's RED packet ({@link SdpOffer#RED_PT}) becomes
 * plain Opus, its primary block ({@link RedPayload#unwrapPrimary}), in place. Plain Opus passes
 * unchanged, and so does padding alone (libwebrtc pads the audio stream to probe its link), under
 * Opus's payload type. Each packet unwrapped is counted; RED that is malformed, or whose primary is
 * not Opus, is discarded and counted as malformed. A receiver that accepted RED gets the packets as
 * they are, redundancy and all.
 */
public final class RedToOpus extends Transform {

  private final Counter unwrapped;

  public RedToOpus(MediaMetrics metrics) {
    super("RED to Opus", metrics.redMalformed);
    this.unwrapped = metrics.redUnwrapped;
  }

  @Override
  protected boolean transform(Packet p) {
    if (Rtp.payloadType(p) != SdpOffer.RED_PT) {
      return true;
    }
    int primary = RedPayload.unwrapPrimary(p);
    if (primary == RedPayload.PADDING_ONLY) {
      Rtp.setPayloadType(p, SdpOffer.OPUS_PT);
      return true;
    }
    if (primary != SdpOffer.OPUS_PT) {
      return false;
    }
    unwrapped.increment();
    return true;
  }
}
