package org.medirelay.media.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's counters, exported in Prometheus format. Counters are incremented on the packet path,
 * so they are plain Micrometer counters (striped adders: no lock, no allocation).
 */
public final class MediaMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public final Counter packetsIn =
      counter("medirelay.media.packets.in", "Datagrams received from participants");
  public final Counter bytesIn =
      counter("medirelay.media.bytes.in", "Bytes received from participants");
  public final Counter packetsOut =
      counter("medirelay.media.packets.out", "Datagrams sent to participants");
  public final Counter bytesOut =
      counter("medirelay.media.bytes.out", "Bytes sent to participants");
  public final Counter rtpForwarded =
      counter("medirelay.media.rtp.forwarded", "RTP packets forwarded to a receiver");
  public final Counter srtpFailures =
      counter(
          "medirelay.media.srtp.failures",
          "SRTP/SRTCP packets dropped: authentication, replay or decrypt failure");
  public final Counter malformed =
      counter(
          "medirelay.media.packets.malformed",
          "Datagrams dropped as truncated or not STUN/DTLS/RTP/RTCP");
  public final Counter unknownUfrag =
      counter(
          "medirelay.media.ice.unknown.ufrag",
          "STUN Binding requests for a ufrag no participant has");
  public final Counter stunMalformed =
      counter(
          "medirelay.media.stun.malformed",
          "STUN from participants' addresses that ice4j could not parse or refused as invalid");
  public final Counter notPublished =
      counter(
          "medirelay.media.rtp.unpublished",
          "RTP dropped: SSRC not published by its sender, or no publish grant");
  public final Counter ridRefused =
      counter(
          "medirelay.media.rtp.rid.refused",
          "RTP naming a simulcast rid the answer did not agree, or one whose SSRC is already known");
  public final Counter wrongAddress =
      counter(
          "medirelay.media.packets.wrong.address",
          "Datagrams from an address other than the selected ICE pair");
  public final Counter mutedByHost =
      counter(
          "medirelay.media.rtp.muted.by.host",
          "Audio not forwarded: a host muted its publisher, who has not unmuted since");
  public final Counter beforeKeys =
      counter("medirelay.media.packets.early", "Media dropped: arrived before DTLS ended");
  public final Counter redUnwrapped =
      counter(
          "medirelay.media.rtp.red.unwrapped",
          "RED audio sent as plain Opus (its primary block) to a receiver without RED");
  public final Counter redMalformed =
      counter(
          "medirelay.media.rtp.red.malformed",
          "RED audio not sent to a receiver without RED: blocks past the end, too many blocks, or"
              + " a primary block that is not Opus");
  public final Counter nacksReceived =
      counter("medirelay.media.rtcp.nack.received", "NACK packets from receivers");
  public final Counter nacksSent =
      counter(
          "medirelay.media.rtcp.nack.sent",
          "NACK packets sent to publishers for video their uplink lost");
  public final Counter nackGivenUp =
      counter(
          "medirelay.media.rtp.nack.given.up",
          "Video packets lost on a publisher's uplink and never resent after five NACKs");
  public final Counter retransmissions =
      counter(
          "medirelay.media.rtp.retransmitted", "Packets resent from the cache in answer to NACKs");
  public final Counter retransmittedBytes =
      counter("medirelay.media.rtp.retransmitted.bytes", "Bytes resent in answer to NACKs");

  /** NACKed packets not resent: no longer cached, resent within the RTT, or over the budget. */
  public final Refusals resendUncached = refusals("uncached");

  public final Refusals resendRepeat = refusals("repeat");
  public final Refusals resendOverBudget = refusals("budget");

  /** Transport-cc feedback from receivers, by what became of it. */
  public final Counter transportCcFeedbackAccepted = transportCc("accepted");

  public final Counter transportCcFeedbackMalformed = transportCc("malformed");

  /** Sequence numbers never sent, or older than the send history. */
  public final Counter transportCcFeedbackOutOfRange = transportCc("range");

  /** Arrival times that no queue explains. */
  public final Counter transportCcFeedbackImplausible = transportCc("implausible");

  /** Beyond the feedback a receiver may send in a second. */
  public final Counter transportCcFeedbackFlood = transportCc("flood");

  public final Counter keyframeRequests =
      counter(
          "medirelay.media.rtcp.keyframe.requests",
          "PLIs sent to publishers (forwarded or on subscribe)");
  public final Counter transportCcFeedback =
      counter(
          "medirelay.media.rtcp.transport.cc.sent",
          "Transport-cc feedback packets sent to publishers about what the node received");

  /**
   * Transport-wide sequence numbers not recorded for feedback: older than the last feedback,
   * repeated, so far ahead that the record restarts there, or an element of the wrong length.
   */
  public final Counter transportCcLate = transportCcRefused("late");

  public final Counter transportCcDuplicate = transportCcRefused("duplicate");
  public final Counter transportCcJump = transportCcRefused("jump");
  public final Counter transportCcMalformed = transportCcRefused("malformed");
  public final Counter sendFailures =
      counter("medirelay.media.send.failures", "Datagrams the socket refused");
  public final Counter internalErrors =
      counter(
          "medirelay.media.internal.errors",
          "Packets whose processing failed with a bug; see the log");
  public final Counter signalingRefusedForAddress = refusedConnections("address");
  public final Counter signalingRefusedForTotal = refusedConnections("total");
  public final Counter upgradeTimeouts =
      counter(
          "medirelay.media.signaling.upgrade.timeouts",
          "Signaling connections closed for not completing the WebSocket upgrade in time");
  public final Counter tokenRefusals =
      counter(
          "medirelay.media.signaling.refused", "Joins refused (token, grants, full node or call)");

  /**
   * Time from a packet's arrival on the media port to its forwarded copy leaving through the
   * socket, for every copy of the sampled packets (see {@link #samplesLatency}). Fixed buckets (no
   * allocation when recording) so a benchmark can read percentiles from the histogram.
   */
  public final Timer forwardLatency =
      Timer.builder("medirelay.media.forward.latency")
          .description("Arrival to send of each forwarded copy of one RTP packet in 16")
          .serviceLevelObjectives(
              Duration.ofNanos(10_000),
              Duration.ofNanos(20_000),
              Duration.ofNanos(50_000),
              Duration.ofNanos(100_000),
              Duration.ofNanos(200_000),
              Duration.ofNanos(500_000),
              Duration.ofMillis(1),
              Duration.ofMillis(2),
              Duration.ofMillis(5),
              Duration.ofMillis(10),
              Duration.ofMillis(50))
          .register(registry);

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  /** A counter of one kind of event ({@code tag} = {@code value}) among others of the same name. */
  private Counter counter(String name, String description, String tag, String value) {
    return Counter.builder(name).description(description).tag(tag, value).register(registry);
  }

  private Counter refusedConnections(String cap) {
    return counter(
        "medirelay.media.signaling.connections.refused",
        "Signaling connections closed at once: too many from one address, or in all",
        "cap",
        cap);
  }

  private Counter transportCc(String outcome) {
    return counter(
        "medirelay.media.rtcp.transport.cc.received",
        "Transport-cc feedback from receivers: accepted, or refused (malformed, range,"
            + " implausible, flood)",
        "outcome",
        outcome);
  }

  private Counter transportCcRefused(String reason) {
    return counter(
        "medirelay.media.rtp.transport.cc.refused",
        "Transport-wide sequence numbers not used for feedback (late, duplicate, jump, malformed)",
        "reason",
        reason);
  }

  /** Packets, and their bytes, that a stage refused for one reason. */
  public record Refusals(Counter packets, Counter bytes) {
    public void count(int length) {
      packets.increment();
      bytes.increment(length);
    }
  }

  private Refusals refusals(String reason) {
    String description = "NACKed packets not resent (uncached, repeat within an RTT, over budget)";
    return new Refusals(
        counter("medirelay.media.rtp.retransmit.refused", description, "reason", reason),
        counter(
            "medirelay.media.rtp.retransmit.refused.bytes",
            description + ", in bytes",
            "reason",
            reason));
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /**
   * Whether the copies of the RTP packet with this sequence number are timed: one packet in 16 per
   * stream. A timer update (histogram bucket, maximum, sum) on every copy costs more than the rest
   * of the bookkeeping of a forwarded packet; choosing by sequence number costs nothing, is the
   * same for all receivers of a packet, and is not tied to time, so the sample is not biased
   * towards bursts or quiet moments.
   */
  public static boolean samplesLatency(int sequenceNumber) {
    return (sequenceNumber & 15) == 0;
  }

  /** Records one forwarded copy's time through the node. */
  public void forwarded(long receivedNanos, long sentNanos) {
    forwardLatency.record(sentNanos - receivedNanos, TimeUnit.NANOSECONDS);
  }

  /** The text exposition format for {@code GET /metrics}. */
  public String scrape() {
    return registry.scrape();
  }
}
