package org.medirelay.media.conference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.SsrcMap;
import org.medirelay.media.router.Consumer;
import org.medirelay.media.router.Endpoint;
import org.medirelay.media.router.NackResponder;
import org.medirelay.media.router.Producer;
import org.medirelay.media.router.Router;
import org.medirelay.media.sdp.MediaSlot;
import org.medirelay.media.sdp.SdpAnswer;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;
import org.medirelay.media.transport.WebRtcTransport;
import org.medirelay.token.Grant;

/**
 * One person in a conference: who they are (from their join token), their signaling peer, and the
 * parts that carry their media, each with one job:
 *
 * <ul>
 *   <li>{@link WebRtcTransport}: ICE, DTLS and SRTP to their browser;
 *   <li>{@link Negotiation}: the offers the node makes them and what their answers settle;
 *   <li>{@link ReceivePipeline}: what their browser sends, stage by stage;
 *   <li>publisher side: a {@link Producer} for each stream they publish;
 *   <li>subscriber side: a {@link Consumer} for each stream they receive;
 *   <li>{@link LinkAdaptation}: what fits their media to their links, when the node adapts.
 * </ul>
 *
 * Negotiation and the media objects change under the conference's lock; the packet path reads only
 * volatile fields and copy-on-write tables.
 */
public final class Participant implements WebRtcTransport.Listener {

  private final String id;

  /** The token's subject: the same person joining again replaces this participant. */
  private final String userId;

  private final String displayName;
  private final String role;

  /** What the join token allows: publish, subscribe; hosts also end for all, admit, moderate. */
  private final Set<Grant> grants;

  private final Conference conference;
  private final SignalingPeer peer;
  private final MediaContext media;
  private WebRtcTransport transport;
  private Endpoint endpoint;
  private Negotiation negotiation;
  private ReceivePipeline pipeline;

  /** Fits its media to its links (null when the node does not adapt). */
  private volatile LinkAdaptation adaptation;

  private volatile boolean closed;

  /** Publisher side: the streams this participant publishes, learned from its answers. */
  private Uplink uplink;

  /**
   * In the call: from {@link Conference#add}. Before, the transport may be up (the page prepared it
   * during its device check) but nothing this participant sends is published (conference lock).
   */
  private boolean inCall;

  /** What the last answer before {@link #inCall} settled, published as it enters (or null). */
  private Negotiation.Settled uplinkBeforeTheCall;

  /** Subscriber side: what this participant receives, by the SSRC it receives it with. */
  private final SsrcMap<Consumer> consumers = new SsrcMap<>();

  private final DeviceState devices = new DeviceState();

  Participant(
      String id,
      String userId,
      String displayName,
      String role,
      Set<Grant> grants,
      Conference conference,
      SignalingPeer peer,
      MediaContext media) {
    this.id = id;
    this.userId = userId;
    this.displayName = displayName;
    this.role = role;
    this.grants = Set.copyOf(grants);
    this.conference = conference;
    this.peer = peer;
    this.media = media;
  }

  /** Creates the transport (harvesting our ICE candidates on the shared port) and what uses it. */
  void openTransport() throws IOException {
    transport =
        new WebRtcTransport(
            media.port(),
            media.certificate(),
            id,
            this,
            media.metrics(),
            media.pool(),
            media.clock());
    if (media.config().adaptation()) {
      adaptation = new LinkAdaptation(id, transport, consumers, peer, media);
    }
    endpoint =
        new Endpoint(
            id,
            () -> transport.decryptRtp(media.metrics().srtpFailures),
            adaptation == null ? null : adaptation::arrivals,
            transport::hasKeys,
            transport.rtpOut(),
            transport.rtcpOut(),
            new NackResponder(media.pool(), media.metrics()),
            transport.downlink());
    negotiation =
        new Negotiation(
            id,
            grants.contains(Grant.PUBLISH),
            grants.contains(Grant.SUBSCRIBE),
            media.config().adaptation(),
            transport);
    uplink = new Uplink(endpoint, conference, media, devices);
    pipeline = new ReceivePipeline(transport, endpoint, conference.router(), consumers, media);
    transport.receiveInto(pipeline::accept);
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

  DeviceState devices() {
    return devices;
  }

  /** Whether the join token grants this: a host's {@code admit}, {@code end}, {@code moderate}. */
  public boolean may(Grant grant) {
    return grants.contains(grant);
  }

  public String role() {
    return role;
  }

  Conference conference() {
    return conference;
  }

  SignalingPeer peer() {
    return peer;
  }

  boolean hasKeys() {
    return transport.hasKeys();
  }

  LinkAdaptation adaptation() {
    return adaptation;
  }

  /**
   * Records the person's microphone, camera and screen-share state and tells the others in the
   * call.
   */
  public void setDevices(boolean audio, boolean video, boolean screen) {
    if (devices.set(new Devices(audio, video, screen))) {
      conference.broadcast(Messages.devices(this), this);
    }
  }

  /**
   * The page shows {@code publisherId}'s video {@code height} device pixels high: the consumers
   * feeding it send no layer much higher (an unknown publisher changes nothing).
   */
  public void showsVideoOf(String publisherId, int height) {
    if (adaptation != null) {
      adaptation.showsVideoOf(publisherId, height);
    }
  }

  /** The page asks for no video from the others (true), or for it again. */
  public void setAudioOnly(boolean enabled) {
    if (adaptation != null) {
      adaptation.setAudioOnly(enabled);
    }
  }

  /**
   * It is in the call now: what its prepared transport's answer settled is published, and what its
   * next answers settle (conference lock held).
   */
  void enterCall() {
    inCall = true;
    if (uplinkBeforeTheCall != null && uplink.publish(uplinkBeforeTheCall)) {
      conference.publisherChanged(this);
    }
    uplinkBeforeTheCall = null;
  }

  // ---- negotiation (conference lock held) ----

  /** Offers this participant a publisher's streams, unless it may not receive them. */
  void addDownlink(Participant publisher) {
    if (addDownlinkSlots(publisher)) {
      negotiate();
    }
  }

  /** Adds slots for a publisher's streams without renegotiating; true when any was added. */
  boolean addDownlinkSlots(Participant publisher) {
    return negotiation.addDownlink(
        publisher.id, publisher.uplink.audioSsrc(), publisher.uplink.videoSsrc());
  }

  /** Stops sending a departed publisher's streams here, and offers their m-sections inactive. */
  void removeDownlink(Participant publisher) {
    List<Long> removed = negotiation.removeDownlink(publisher.id);
    for (long ssrc : removed) {
      Consumer consumer = consumers.get(ssrc);
      if (consumer != null) {
        conference.router().remove(consumer);
        consumers.remove(ssrc);
      }
      transport.forgetSendStream(ssrc);
    }
    if (!removed.isEmpty()) {
      negotiate();
    }
  }

  /** Sends a new offer now, or after the pending answer arrives. */
  void negotiate() {
    if (closed) {
      return;
    }
    String offer = negotiation.nextOffer();
    if (offer != null) {
      peer.send(offer);
    }
  }

  /**
   * The browser's answer to offer {@code version}: starts ICE and DTLS the first time, publishes
   * the streams it sends (once in the call), and starts feeding it the streams it accepted, each on
   * a keyframe when the keys are ready.
   */
  public void answer(long version, String sdp) throws InvalidAnswerException {
    SdpAnswer answer = SdpAnswer.parse(sdp);
    List<Consumer> added;
    synchronized (conference) {
      added = applyAnswer(version, answer);
    }
    if (transport.hasKeys()) {
      added.forEach(Consumer::receiverReady);
    }
  }

  /** Applies an answer (conference lock held); returns the new consumers. */
  private List<Consumer> applyAnswer(long version, SdpAnswer answer) throws InvalidAnswerException {
    Negotiation.Settled settled = negotiation.apply(version, answer);
    if (settled.startTransport()) {
      transport.start(
          answer.iceUfrag(),
          answer.icePassword(),
          answer.candidates(),
          answer.fingerprint(),
          settled.browserIsDtlsClient());
    }
    if (closed) {
      return List.of();
    }
    if (!inCall) {
      uplinkBeforeTheCall = settled;
    } else if (uplink.publish(settled)) {
      conference.publisherChanged(this);
    }
    List<Consumer> added = consume(settled);
    if (settled.offerAgain()) {
      negotiate();
    }
    return added;
  }

  /**
   * Makes a consumer for each accepted slot that has none yet, fitted to what the answer accepted
   * there (plain Opus where RED was not, no transport-cc element where it was not kept).
   */
  private List<Consumer> consume(Negotiation.Settled settled) {
    List<Consumer> added = new ArrayList<>();
    Router router = conference.router();
    for (MediaSlot slot : settled.receiving()) {
      Producer producer = router.forwardedAs(slot.ssrc());
      if (consumers.get(slot.ssrc()) != null
          || producer == null
          || !producer.publisher().id().equals(slot.publisherId())) {
        continue;
      }
      Consumer consumer =
          Consumer.of(
              producer,
              endpoint,
              media.pool(),
              settled.withRed().contains(slot.mid()),
              settled.withTransportCc().contains(slot.mid()));
      consumers.put(consumer.ssrc(), consumer);
      router.add(consumer);
      added.add(consumer);
    }
    return added;
  }

  /** A candidate the browser trickled (ignored before the transport exists). */
  public void addRemoteCandidate(String candidate) {
    if (transport != null) {
      transport.addRemoteCandidate(candidate);
    }
  }

  // ---- transport events ----

  @Override
  public void iceFailed() {
    peer.close(
        CloseCodes.ICE_FAILED, "The media connection could not be established (network blocked?).");
  }

  @Override
  public void dtlsFailed() {
    peer.close(CloseCodes.DTLS_FAILED, "The secure media connection failed.");
  }

  /** The keys are ready: tell the page, and start every video stream it receives on a keyframe. */
  @Override
  public void keysReady() {
    peer.send(Messages.state("connected"));
    for (Consumer consumer : consumers.values()) {
      consumer.receiverReady();
    }
  }

  /**
   * Sends this publisher a receiver report about each stream the node receives from it, so its
   * browser sees loss, jitter and round-trip time, and its congestion control has loss feedback.
   */
  void sendReceiverReport(long nowNanos) {
    if (closed || transport == null || !transport.hasKeys()) {
      return;
    }
    Packet rr = uplink.receiverReport(nowNanos);
    if (rr != null) {
      transport.rtcpOut().accept(rr);
    }
  }

  /** Stops routing what this participant publishes and receives (conference lock held). */
  void leaveRouter() {
    Router router = conference.router();
    if (uplink != null) {
      uplink.leaveRouter();
    }
    for (Consumer consumer : consumers.values()) {
      router.remove(consumer);
    }
  }

  /** The receive pipeline's stages with what each was handed and discarded, for the log. */
  String describeReceivePath() {
    return pipeline == null ? "(no transport)" : pipeline.describe();
  }

  void close() {
    closed = true;
    if (transport != null) {
      transport.close();
    }
  }
}
