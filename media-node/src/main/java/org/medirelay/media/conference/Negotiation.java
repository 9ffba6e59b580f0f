package org.medirelay.media.conference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.sdp.MediaSlot;
import org.medirelay.media.sdp.SdpAnswer;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;
import org.medirelay.media.sdp.SdpOffer;
import org.medirelay.media.transport.WebRtcTransport;

/**
 * One participant's offer/answer exchange (media-node/README.md, "Media negotiation"): the
 * m-sections the node offers, the offer versions, and what each answer settles. Only the node
 * offers, so there is no glare: a change while an answer is pending waits for it. It decides
 * nothing about media: {@link #apply} returns what the answer settled, and the participant makes
 * producers and consumers of it. Guarded by the conference's lock.
 */
final class Negotiation {

  static final String UPLINK_AUDIO_MID = "0";
  static final String UPLINK_VIDEO_MID = "1";

  /**
   * What an answer settled.
   *
   * @param startTransport true on the first answer: start ICE and DTLS
   * @param browserIsDtlsClient the DTLS role the browser chose (a=setup:active)
   * @param audioSsrc the SSRC the browser sends on its audio uplink (0: none)
   * @param videoSsrc the SSRC the browser sends on its video uplink (0: none)
   * @param videoRids the simulcast layers the browser sends on its video uplink, lowest first
   *     (empty: no simulcast, {@code videoSsrc} is the stream)
   * @param receiving the downlink slots the browser accepts to receive
   * @param withRed the mids of those audio slots where it also accepted RED (offered with
   *     adaptation), which get what publishers send as it is; the others get plain Opus
   * @param withTransportCc the mids of those slots where it kept transport-cc: their packets are
   *     numbered for its downlink estimate; the others go without the element (Firefox reads it on
   *     video only)
   * @param offerAgain something changed while the answer was pending: offer again
   */
  record Settled(
      boolean startTransport,
      boolean browserIsDtlsClient,
      long audioSsrc,
      long videoSsrc,
      List<String> videoRids,
      List<MediaSlot> receiving,
      Set<String> withRed,
      Set<String> withTransportCc,
      boolean offerAgain) {}

  private final String participantId;
  private final boolean canPublish;
  private final boolean canSubscribe;
  private final boolean adaptation;
  private final WebRtcTransport transport;
  private final List<MediaSlot> slots = new ArrayList<>();

  /**
   * Inactive m-sections the browser has answered as inactive. Only these are reused: a section that
   * went from one publisher straight to another within one offer would not make the browser
   * announce the new stream.
   */
  private final Set<String> reusableMids = new HashSet<>();

  private long offerVersion;
  private boolean awaitingAnswer;
  private boolean changedWhileAwaiting;
  private boolean transportStarted;
  private boolean browserIsDtlsClient;

  /**
   * @param adaptation the node adapts streams to receivers' links: offer what that needs
   */
  Negotiation(
      String participantId,
      boolean canPublish,
      boolean canSubscribe,
      boolean adaptation,
      WebRtcTransport transport) {
    this.participantId = participantId;
    this.canPublish = canPublish;
    this.canSubscribe = canSubscribe;
    this.adaptation = adaptation;
    this.transport = transport;
    if (canPublish) {
      slots.add(new MediaSlot(UPLINK_AUDIO_MID, "audio", true, participantId, 0, true));
      slots.add(new MediaSlot(UPLINK_VIDEO_MID, "video", true, participantId, 0, true));
    }
  }

  /**
   * Adds slots for a publisher's streams (SSRC 0: not published) unless this participant may not
   * receive or already has them; true when any was added.
   */
  boolean addDownlink(String publisherId, long audioSsrc, long videoSsrc) {
    if (!canSubscribe || publisherId.equals(participantId)) {
      return false;
    }
    if (adaptation && slots.stream().noneMatch(MediaSlot::isProbe)) {
      // With the first stream to receive, a stream to probe the link with (ProbePadding).
      slots.add(MediaSlot.probe(transport.probe().ssrc()));
    }
    boolean added = false;
    for (String kind : new String[] {"audio", "video"}) {
      long ssrc = "audio".equals(kind) ? audioSsrc : videoSsrc;
      if (ssrc == 0 || hasSlotFor(ssrc)) {
        continue;
      }
      int free = inactiveSlot(kind);
      if (free >= 0) {
        // Reuse a departed publisher's m-section, so the description does not grow with every
        // rejoin.
        slots.set(free, new MediaSlot(slots.get(free).mid(), kind, false, publisherId, ssrc, true));
      } else {
        slots.add(
            new MediaSlot(
                String.valueOf(slots.size() + (canPublish ? 0 : 2)),
                kind,
                false,
                publisherId,
                ssrc,
                true));
      }
      added = true;
    }
    return added;
  }

  private int inactiveSlot(String kind) {
    for (int i = 0; i < slots.size(); i++) {
      MediaSlot slot = slots.get(i);
      if (!slot.uplink()
          && !slot.active()
          && slot.kind().equals(kind)
          && reusableMids.remove(slot.mid())) {
        return i;
      }
    }
    return -1;
  }

  private boolean hasSlotFor(long ssrc) {
    for (MediaSlot slot : slots) {
      if (!slot.uplink() && slot.ssrc() == ssrc && slot.active()) {
        return true;
      }
    }
    return false;
  }

  /** Marks a departed publisher's slots inactive; returns their SSRCs (empty: nothing changed). */
  List<Long> removeDownlink(String publisherId) {
    List<Long> removed = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      MediaSlot slot = slots.get(i);
      if (!slot.uplink() && slot.active() && slot.publisherId().equals(publisherId)) {
        slots.set(i, slot.deactivated());
        removed.add(slot.ssrc());
      }
    }
    return removed;
  }

  /**
   * The next offer message, or null when none is due now: nothing to offer, or an answer is pending
   * (the offer follows it, see {@link Settled#offerAgain}).
   */
  String nextOffer() {
    if (slots.isEmpty()) {
      return null;
    }
    if (awaitingAnswer) {
      changedWhileAwaiting = true;
      return null;
    }
    awaitingAnswer = true;
    offerVersion++;
    // First offer: actpass as RFC 5763 requires; later offers keep the DTLS roles the first answer
    // settled.
    String setup = !transportStarted ? "actpass" : browserIsDtlsClient ? "passive" : "active";
    SdpOffer.Transport offered =
        new SdpOffer.Transport(
            transport.ufrag(),
            transport.password(),
            transport.fingerprint(),
            setup,
            transport.localCandidateLines(),
            adaptation);
    String sdp =
        SdpOffer.build(
            offerVersion,
            String.valueOf(Math.abs((long) participantId.hashCode()) + 1),
            offered,
            slots);
    Map<String, String> uplink = new LinkedHashMap<>();
    if (canPublish) {
      uplink.put("audio", UPLINK_AUDIO_MID);
      uplink.put("video", UPLINK_VIDEO_MID);
    }
    return Messages.offer(sdp, offerVersion, uplink);
  }

  /** Checks the browser's answer to offer {@code version} and returns what it settled. */
  Settled apply(long version, SdpAnswer answer) throws InvalidAnswerException {
    if (!awaitingAnswer || version != offerVersion) {
      throw new InvalidAnswerException(
          "answer to offer " + version + " but offer " + offerVersion + " is pending");
    }
    if (!answer.bundled() || !answer.rtcpMux()) {
      throw new InvalidAnswerException(
          "this browser did not accept BUNDLE and rtcp-mux, which the media node requires");
    }
    boolean startTransport = !transportStarted;
    if (startTransport) {
      boolean browserIsClient = "active".equals(answer.setup());
      if (!browserIsClient && !"passive".equals(answer.setup())) {
        throw new InvalidAnswerException(
            "the answer must pick a DTLS role (a=setup:active or passive)");
      }
      transportStarted = true;
      browserIsDtlsClient = browserIsClient;
    }
    awaitingAnswer = false;
    List<MediaSlot> receiving = new ArrayList<>();
    Set<String> withRed = new HashSet<>();
    Set<String> withTransportCc = new HashSet<>();
    for (MediaSlot slot : slots) {
      SdpAnswer.Section section = answer.sections().get(slot.mid());
      if (!slot.uplink() && !slot.active() && section != null) {
        reusableMids.add(slot.mid());
      }
      if (!slot.uplink()
          && slot.active()
          && section != null
          && (section.direction().equals("recvonly") || section.direction().equals("sendrecv"))) {
        receiving.add(slot);
        if (adaptation && section.accepts(SdpOffer.RED_PT)) {
          withRed.add(slot.mid());
        }
        if (section.accepts(RtpExtension.TRANSPORT_CC)) {
          withTransportCc.add(slot.mid());
        }
      }
    }
    boolean offerAgain = changedWhileAwaiting;
    changedWhileAwaiting = false;
    return new Settled(
        startTransport,
        browserIsDtlsClient,
        canPublish ? sentSsrc(answer, UPLINK_AUDIO_MID) : 0,
        canPublish ? sentSsrc(answer, UPLINK_VIDEO_MID) : 0,
        canPublish && adaptation ? sentRids(answer) : List.of(),
        receiving,
        Set.copyOf(withRed),
        Set.copyOf(withTransportCc),
        offerAgain);
  }

  /**
   * The rids of the simulcast layers the browser agreed to send on its video uplink, among those
   * the node offered, lowest first; empty when it sends no simulcast.
   */
  private static List<String> sentRids(SdpAnswer answer) {
    SdpAnswer.Section section = answer.sections().get(UPLINK_VIDEO_MID);
    if (section == null
        || !(section.direction().equals("sendonly") || section.direction().equals("sendrecv"))) {
      return List.of();
    }
    return SdpOffer.SIMULCAST_RIDS.stream().filter(section.rids()::contains).toList();
  }

  /** The SSRC the browser sends on an uplink m-section, or 0 when it sends nothing there. */
  private static long sentSsrc(SdpAnswer answer, String mid) {
    SdpAnswer.Section section = answer.sections().get(mid);
    boolean sends =
        section != null
            && section.ssrc() != 0
            && (section.direction().equals("sendonly") || section.direction().equals("sendrecv"));
    return sends ? section.ssrc() : 0;
  }
}
