package org.medirelay.media.conference;

import org.medirelay.media.congestion.FeedbackSender;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.router.Consumer;
import org.medirelay.media.router.DownlinkAllocation;
import org.medirelay.media.transport.WebRtcTransport;

/**
 * What the node does to fit one participant's media to its links, when it adapts
 * (MEDIA_ADAPTATION): transport-cc feedback to its browser, so its own estimator sizes its uplink,
 * and the {@link DownlinkAllocation} of what it receives (layers within its estimate, video paused
 * before audio suffers, probes). The page hears of videos paused for its connection as {@code
 * video-paused}.
 */
final class LinkAdaptation {

  private final FeedbackSender feedback;
  private final DownlinkAllocation allocation;
  private final SsrcMap<Consumer> receiving;

  LinkAdaptation(
      String id,
      WebRtcTransport transport,
      SsrcMap<Consumer> receiving,
      SignalingPeer peer,
      MediaContext media) {
    this.receiving = receiving;
    this.feedback =
        new FeedbackSender(
            id, media.rtcpSsrc(), transport.rtcpOut(), media.pool(), media.metrics());
    this.allocation =
        new DownlinkAllocation(
            transport.downlink(),
            transport.probe(),
            (publisherId, paused) -> peer.send(Messages.videoPaused(publisherId, paused)));
  }

  /** A new stage of the participant's transport-cc arrivals, for one of its layers' paths. */
  Observe arrivals() {
    return feedback.arrivals();
  }

  /** Chooses the layers of what the participant receives, for its link as it is estimated now. */
  void allocate(String speakerId, long nowNanos) {
    allocation.allocate(receiving.values(), speakerId, nowNanos);
  }

  /**
   * The participant's page shows {@code publisherId}'s video {@code height} device pixels high: no
   * simulcast layer much larger is sent.
   */
  void showsVideoOf(String publisherId, int height) {
    for (Consumer consumer : receiving.values()) {
      if (consumer.producer().publisher().id().equals(publisherId)) {
        consumer.setTileHeight(height);
      }
    }
  }

  void setAudioOnly(boolean audioOnly) {
    allocation.setAudioOnly(audioOnly);
  }
}
