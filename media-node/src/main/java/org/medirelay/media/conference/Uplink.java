package org.medirelay.media.conference;

import java.util.List;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.router.Endpoint;
import org.medirelay.media.router.Producer;
import org.medirelay.media.router.ReceiverReport;
import org.medirelay.media.router.Router;

/**
 * What one participant publishes: a {@link Producer} for its microphone and one for its camera (as
 * simulcast layers when it sends them), made from what its answers settle and routed in its
 * conference. Changes under the conference's lock; the packet path and the report timer read the
 * volatile fields.
 */
final class Uplink {

  private final Endpoint endpoint;
  private final Router router;
  private final MediaContext media;
  private final DeviceState devices;
  private final String participantId;
  private final Conference conference;

  private volatile Producer audio;
  private volatile Producer video;

  Uplink(Endpoint endpoint, Conference conference, MediaContext media, DeviceState devices) {
    this.endpoint = endpoint;
    this.conference = conference;
    this.router = conference.router();
    this.media = media;
    this.devices = devices;
    this.participantId = endpoint.id();
  }

  /** The SSRC the others receive this participant's audio with (0: it publishes none). */
  long audioSsrc() {
    return ssrcOf(audio);
  }

  /** The SSRC the others receive this participant's video with (0: it publishes none). */
  long videoSsrc() {
    return ssrcOf(video);
  }

  private static long ssrcOf(Producer producer) {
    return producer == null ? 0 : producer.ssrc();
  }

  /**
   * Publishes what an answer settled: the microphone's stream, and the camera's as one stream or as
   * the simulcast layers of {@code videoRids}. True when anything the others receive changed.
   */
  boolean publish(Negotiation.Settled settled) {
    boolean audioChanged = publish(Producer.Kind.AUDIO, settled.audioSsrc());
    boolean videoChanged =
        settled.videoRids().isEmpty()
            ? publish(Producer.Kind.VIDEO, settled.videoSsrc())
            : publishSimulcast(settled.videoRids());
    return audioChanged || videoChanged;
  }

  /** Publishes the stream with {@code ssrc}, replacing one with another SSRC; 0 changes nothing. */
  private boolean publish(Producer.Kind kind, long ssrc) {
    Producer current = kind == Producer.Kind.AUDIO ? audio : video;
    if (ssrc == 0 || ssrc == ssrcOf(current)) {
      return false;
    }
    Producer producer =
        new Producer(
            endpoint,
            kind,
            ssrc,
            media.config().nackCacheSize(),
            media.rtcpSsrc(),
            media.clock(),
            media.pool(),
            media.metrics(),
            kind == Producer.Kind.AUDIO
                ? conference.activeSpeaker().levelsOf(participantId)
                : null);
    if (!router.add(producer)) {
      return false;
    }
    if (current != null) {
      router.remove(current);
    }
    if (kind == Producer.Kind.AUDIO) {
      devices.published(producer);
      audio = producer;
    } else {
      video = producer;
    }
    return true;
  }

  /** Publishes the camera as simulcast layers of {@code rids}, unless it is already. */
  private boolean publishSimulcast(List<String> rids) {
    if (video != null && video.rids().equals(rids)) {
      return false;
    }
    video =
        router.addSimulcast(
            video,
            endpoint,
            rids,
            media.config().nackCacheSize(),
            media.rtcpSsrc(),
            media.clock(),
            media.pool(),
            media.metrics());
    return true;
  }

  /** A receiver report about each stream published here, or null when there is none. */
  Packet receiverReport(long nowNanos) {
    return ReceiverReport.about(media.pool(), media.rtcpSsrc(), nowNanos, audio, video);
  }

  /** Stops routing what this participant publishes (conference lock held). */
  void leaveRouter() {
    for (Producer producer : new Producer[] {audio, video}) {
      if (producer != null) {
        router.remove(producer);
      }
    }
  }
}
