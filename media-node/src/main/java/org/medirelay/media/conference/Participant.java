package org.medirelay.media.conference;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.ice4j.ice.LocalCandidate;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.sdp.MediaSlot;
import org.medirelay.media.sdp.SdpAnswer;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;
import org.medirelay.media.sdp.SdpOffer;
import org.medirelay.media.transport.DtlsSession;
import org.medirelay.media.transport.IceTransport;
import org.medirelay.media.transport.SrtpSession;

/**
 * One person in a conference: their signaling peer, ICE/DTLS/SRTP transport, what they publish and
 * what they are subscribed to. Negotiation state is guarded by the conference's lock; the packet
 * path reads only volatile fields.
 */
public final class Participant implements IceTransport.Listener, DtlsSession.Listener {

  private static final Logger LOG = Logger.getLogger(Participant.class.getName());
  static final String UPLINK_AUDIO_MID = "0";
  static final String UPLINK_VIDEO_MID = "1";

  /** At most one keyframe request per publisher in this window: receivers ask in bursts. */
  private static final long KEYFRAME_INTERVAL_NANOS = 300_000_000L;

  private final String id;

  /** The token's subject: the same person joining again replaces this participant. */
  private final String userId;

  private final String displayName;
  private final String role;
  private final boolean canPublish;
  private final boolean canSubscribe;

  /** The token's {@code end} grant (hosts): may end the call for everyone. */
  private final boolean mayEndForAll;

  private final Conference conference;
  private final SignalingPeer peer;
  private final MediaContext media;
  private IceTransport ice;
  private DtlsSession dtls;
  private final NackResponder nacks;
  private volatile SrtpSession srtp;
  private volatile boolean closed;

  // What this participant publishes, learned from its answers.
  private volatile long audioSsrc;
  private volatile long videoSsrc;
  private final PacketCache videoCache;
  private volatile long lastKeyframeRequestNanos;

  /**
   * Whether the person's microphone and camera are on, and whether their video is a shared screen,
   * as their page says; shown to the others. Written only by this participant's signaling
   * connection; read whole by others.
   */
  record Devices(boolean audio, boolean video, boolean screen) {
    /** Until the page says otherwise: what joining with camera and microphone means. */
    static final Devices AT_JOIN = new Devices(true, true, false);
  }

  private volatile Devices devices = Devices.AT_JOIN;

  /** What the node receives of each stream this participant publishes, for receiver reports. */
  private final SsrcMap<ReceiveStatistics> receiveStats = new SsrcMap<>();

  /** SSRCs this participant's browser has accepted in an answer, so forwarding them is safe. */
  private final SsrcMap<Boolean> subscribed = new SsrcMap<>();

  // Negotiation, guarded by the conference lock.
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

  Participant(
      String id,
      String userId,
      String displayName,
      String role,
      boolean canPublish,
      boolean canSubscribe,
      boolean mayEndForAll,
      Conference conference,
      SignalingPeer peer,
      MediaContext media) {
    this.id = id;
    this.userId = userId;
    this.displayName = displayName;
    this.role = role;
    this.canPublish = canPublish;
    this.canSubscribe = canSubscribe;
    this.mayEndForAll = mayEndForAll;
    this.conference = conference;
    this.peer = peer;
    this.media = media;
    this.videoCache = canPublish ? new PacketCache(media.config().nackCacheSize()) : null;
    this.nacks = new NackResponder(this::sendRtp, media.pool(), media.metrics());
    if (canPublish) {
      slots.add(new MediaSlot(UPLINK_AUDIO_MID, "audio", true, id, 0, true));
      slots.add(new MediaSlot(UPLINK_VIDEO_MID, "video", true, id, 0, true));
    }
  }

  /**
   * Creates the ICE agent (harvesting our candidates on the shared port) and the packet pipeline.
   */
  void openTransport() throws IOException {
    ReceivePipeline pipeline = new ReceivePipeline(this, conference, media);
    ice = new IceTransport(media.port(), pipeline::accept, this);
    dtls = new DtlsSession(media.certificate(), ice::send, this, id);
  }

  public String id() {
    return id;
  }

  String userId() {
    return userId;
  }

  /** Ends this participant's signaling connection; it leaves when the connection closes. */
  void evict(int code, String reason) {
    peer.close(code, reason);
  }

  public String displayName() {
    return displayName;
  }

  Devices devices() {
    return devices;
  }

  /** True when this changed what the others should be shown. */
  boolean setDevices(Devices now) {
    Devices before = devices;
    devices = now;
    return !now.equals(before);
  }

  boolean mayEndForAll() {
    return mayEndForAll;
  }

  public String role() {
    return role;
  }

  Conference conference() {
    return conference;
  }

  SrtpSession srtp() {
    return srtp;
  }

  DtlsSession dtls() {
    return dtls;
  }

  SignalingPeer peer() {
    return peer;
  }

  long audioSsrc() {
    return audioSsrc;
  }

  long videoSsrc() {
    return videoSsrc;
  }

  boolean acceptsFrom(SocketAddress remote) {
    return ice.acceptsFrom(remote);
  }

  boolean publishes(long ssrc) {
    return ssrc != 0 && (ssrc == audioSsrc || ssrc == videoSsrc);
  }

  ReceiveStatistics receiveStatistics(long ssrc) {
    return receiveStats.get(ssrc);
  }

  PacketCache videoCache() {
    return videoCache;
  }

  /** The NACK answering stage of this participant as a subscriber. */
  NackResponder nacks() {
    return nacks;
  }

  boolean isSubscribedTo(long ssrc) {
    return subscribed.get(ssrc) != null;
  }

  // ---- negotiation (conference lock held) ----

  /**
   * Adds downlink slots for a publisher's streams and renegotiates, unless this participant may not
   * receive.
   */
  void addDownlink(Participant publisher) {
    if (addDownlinkSlots(publisher)) {
      negotiate();
    }
  }

  /** Adds slots for a publisher's known streams without renegotiating; true when any was added. */
  boolean addDownlinkSlots(Participant publisher) {
    if (!canSubscribe || publisher == this) {
      return false;
    }
    boolean added = false;
    for (String kind : new String[] {"audio", "video"}) {
      long ssrc = "audio".equals(kind) ? publisher.audioSsrc : publisher.videoSsrc;
      if (ssrc == 0 || hasSlotFor(ssrc)) {
        continue;
      }
      int free = inactiveSlot(kind);
      if (free >= 0) {
        // Reuse a departed publisher's m-section, so the description does not grow with every
        // rejoin.
        slots.set(
            free, new MediaSlot(slots.get(free).mid(), kind, false, publisher.id, ssrc, true));
      } else {
        slots.add(
            new MediaSlot(
                String.valueOf(slots.size() + (canPublish ? 0 : 2)),
                kind,
                false,
                publisher.id,
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

  /** Marks a departed publisher's slots inactive and stops forwarding their SSRCs here. */
  void removeDownlink(Participant publisher) {
    boolean changed = false;
    for (int i = 0; i < slots.size(); i++) {
      MediaSlot slot = slots.get(i);
      if (!slot.uplink() && slot.active() && slot.publisherId().equals(publisher.id)) {
        slots.set(i, slot.deactivated());
        subscribed.remove(slot.ssrc());
        SrtpSession session = srtp;
        if (session != null) {
          session.forgetSendStream(slot.ssrc());
        }
        changed = true;
      }
    }
    if (changed) {
      negotiate();
    }
  }

  /**
   * Sends a new offer now, or after the pending answer arrives; only the node offers, so there is
   * no glare.
   */
  void negotiate() {
    if (closed) {
      return;
    }
    if (slots.isEmpty()) {
      return;
    }
    if (awaitingAnswer) {
      changedWhileAwaiting = true;
      return;
    }
    awaitingAnswer = true;
    offerVersion++;
    List<String> candidates = new ArrayList<>();
    for (LocalCandidate candidate : ice.localCandidates()) {
      candidates.add(candidateLine(candidate));
    }
    // First offer: actpass as RFC 5763 requires; later offers keep the DTLS roles the first answer
    // settled.
    String setup = !transportStarted ? "actpass" : browserIsDtlsClient ? "passive" : "active";
    SdpOffer.Transport transport =
        new SdpOffer.Transport(
            ice.ufrag(), ice.password(), media.certificate().fingerprint(), setup, candidates);
    String sdp =
        SdpOffer.build(
            offerVersion, String.valueOf(Math.abs((long) id.hashCode()) + 1), transport, slots);
    Map<String, String> uplink = new LinkedHashMap<>();
    if (canPublish) {
      uplink.put("audio", UPLINK_AUDIO_MID);
      uplink.put("video", UPLINK_VIDEO_MID);
    }
    peer.send(Messages.offer(sdp, offerVersion, uplink));
  }

  private static String candidateLine(LocalCandidate c) {
    String line =
        "candidate:"
            + c.getFoundation()
            + " 1 udp "
            + c.getPriority()
            + " "
            + c.getTransportAddress().getHostAddress()
            + " "
            + c.getTransportAddress().getPort()
            + " typ "
            + c.getType();
    if (c.getRelatedAddress() != null) {
      line +=
          " raddr "
              + c.getRelatedAddress().getHostAddress()
              + " rport "
              + c.getRelatedAddress().getPort();
    }
    return line + " generation 0";
  }

  /**
   * Applies the browser's answer to offer {@code version}: starts ICE and DTLS the first time,
   * learns the SSRCs it will publish, and starts forwarding the streams it accepted.
   *
   * @return the publishers whose streams were newly accepted (they get a keyframe request)
   */
  List<Participant> applyAnswer(long version, SdpAnswer answer) throws InvalidAnswerException {
    if (!awaitingAnswer || version != offerVersion) {
      throw new InvalidAnswerException(
          "answer to offer " + version + " but offer " + offerVersion + " is pending");
    }
    if (!answer.bundled() || !answer.rtcpMux()) {
      throw new InvalidAnswerException(
          "this browser did not accept BUNDLE and rtcp-mux, which the media node requires");
    }
    if (!transportStarted) {
      boolean browserIsClient = "active".equals(answer.setup());
      if (!browserIsClient && !"passive".equals(answer.setup())) {
        throw new InvalidAnswerException(
            "the answer must pick a DTLS role (a=setup:active or passive)");
      }
      transportStarted = true;
      browserIsDtlsClient = browserIsClient;
      ice.start(answer.iceUfrag(), answer.icePassword(), answer.candidates());
      if (browserIsClient) {
        dtls.startServer(answer.fingerprint());
      } else {
        dtls.startClient(answer.fingerprint());
      }
    }
    awaitingAnswer = false;
    if (canPublish) {
      learnUplink(answer);
    }
    List<Participant> accepted = new ArrayList<>();
    for (MediaSlot slot : slots) {
      SdpAnswer.Section section = answer.sections().get(slot.mid());
      if (!slot.uplink() && !slot.active() && section != null) {
        reusableMids.add(slot.mid());
      }
      if (slot.uplink()
          || !slot.active()
          || section == null
          || subscribed.get(slot.ssrc()) != null) {
        continue;
      }
      if (section.direction().equals("recvonly") || section.direction().equals("sendrecv")) {
        subscribed.put(slot.ssrc(), Boolean.TRUE);
        Participant publisher = conference.find(slot.publisherId());
        if (publisher != null && "video".equals(slot.kind()) && !accepted.contains(publisher)) {
          accepted.add(publisher);
        }
      }
    }
    if (changedWhileAwaiting) {
      changedWhileAwaiting = false;
      negotiate();
    }
    return accepted;
  }

  private void learnUplink(SdpAnswer answer) {
    SdpAnswer.Section audio = answer.sections().get(UPLINK_AUDIO_MID);
    SdpAnswer.Section video = answer.sections().get(UPLINK_VIDEO_MID);
    boolean changed = false;
    if (audio != null && sends(audio) && audio.ssrc() != audioSsrc) {
      receiveStats.put(audio.ssrc(), new ReceiveStatistics(audio.ssrc(), 48_000));
      audioSsrc = audio.ssrc();
      changed = true;
    }
    if (video != null && sends(video) && video.ssrc() != videoSsrc) {
      receiveStats.put(video.ssrc(), new ReceiveStatistics(video.ssrc(), 90_000));
      videoSsrc = video.ssrc();
      changed = true;
    }
    if (changed) {
      conference.publisherChanged(this);
    }
  }

  private static boolean sends(SdpAnswer.Section section) {
    return section.ssrc() != 0
        && (section.direction().equals("sendonly") || section.direction().equals("sendrecv"));
  }

  void addRemoteCandidate(String candidate) {
    if (ice != null) {
      ice.addRemoteCandidate(candidate);
    }
  }

  // ---- transport events ----

  @Override
  public void iceConnected() {
    LOG.fine(() -> id + ": ICE connected via " + ice.selectedRemote());
  }

  @Override
  public void iceFailed() {
    LOG.info(() -> id + ": ICE failed");
    peer.close(
        CloseCodes.ICE_FAILED, "The media connection could not be established (network blocked?).");
  }

  @Override
  public void dtlsConnected(SrtpSession session) {
    srtp = session;
    LOG.fine(() -> id + ": DTLS-SRTP ready with " + session.profile());
    peer.send(Messages.state("connected"));
    conference.transportReady(this);
  }

  @Override
  public void dtlsFailed(String why) {
    peer.close(CloseCodes.DTLS_FAILED, "The secure media connection failed.");
  }

  // ---- sending ----

  /** Encrypts and sends an RTP packet this participant receives; takes ownership of {@code p}. */
  void sendRtp(Packet p) {
    SrtpSession session = srtp;
    if (session == null || !session.encryptRtp(p)) {
      p.release();
      return;
    }
    long received = p.receivedNanos();
    boolean timed = received != 0 && MediaMetrics.samplesLatency(Rtp.sequenceNumber(p));
    send(p);
    if (timed) {
      media.metrics().forwarded(received, System.nanoTime());
    }
  }

  /** Encrypts and sends an RTCP packet to this participant; takes ownership of {@code p}. */
  void sendRtcp(Packet p) {
    SrtpSession session = srtp;
    if (session == null || !session.encryptRtcp(p)) {
      p.release();
      return;
    }
    send(p);
  }

  private void send(Packet p) {
    try {
      ice.send(p.getBuffer(), p.getOffset(), p.getLength());
      media.metrics().packetsOut.increment();
      media.metrics().bytesOut.increment(p.getLength());
    } catch (IOException e) {
      media.metrics().sendFailures.increment();
    } finally {
      p.release();
    }
  }

  /**
   * Asks this publisher for a video keyframe (PLI), at most once per {@link
   * #KEYFRAME_INTERVAL_NANOS}.
   */
  void requestKeyframe() {
    long ssrc = videoSsrc;
    long now = System.nanoTime();
    if (ssrc == 0 || srtp == null || now - lastKeyframeRequestNanos < KEYFRAME_INTERVAL_NANOS) {
      return;
    }
    lastKeyframeRequestNanos = now;
    Packet pli = media.pool().take();
    Rtcp.writePli(pli, media.rtcpSsrc(), ssrc);
    media.metrics().keyframeRequests.increment();
    sendRtcp(pli);
  }

  /**
   * Sends this publisher a receiver report (RFC 3550 section 6.4.2) about each stream the node
   * receives from it, so its browser sees loss, jitter and round-trip time, and its congestion
   * control has loss feedback.
   */
  void sendReceiverReport(long nowNanos) {
    if (srtp == null || closed) {
      return;
    }
    Packet rr =
        ReceiverReport.write(
            media.pool(),
            media.rtcpSsrc(),
            nowNanos,
            audioSsrc == 0 ? null : receiveStats.get(audioSsrc),
            videoSsrc == 0 ? null : receiveStats.get(videoSsrc));
    if (rr != null) {
      sendRtcp(rr);
    }
  }

  void close() {
    closed = true;
    if (dtls != null) {
      dtls.close();
    }
    if (ice != null) {
      ice.close();
    }
    SrtpSession session = srtp;
    if (session != null) {
      session.close();
    }
  }
}
