package org.medirelay.media.transport;

import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.ice4j.util.BufferHandler;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.congestion.ProbePadding;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.packet.RtpExtension;
import org.medirelay.media.pipeline.Consume;
import org.medirelay.media.pipeline.Filter;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * One participant's connection to the node, as mediasoup's WebRtcTransport: ICE on the shared port,
 * DTLS for the keys, SRTP with them. It knows nothing of the streams it carries: it gives the
 * receive pipeline its transport stages (address check, DTLS hand-off, decryption), and offers two
 * send paths that every stream to this participant ends in:
 *
 * <pre>
 * RTP out:  transport-wide sequence number → SRTP encrypt → socket
 * RTCP out: SRTCP encrypt → socket
 * </pre>
 *
 * The numbering is the participant's {@link DownlinkEstimate}'s, which its transport-cc feedback
 * about those numbers feeds.
 */
public final class WebRtcTransport implements IceTransport.Listener, DtlsSession.Listener {

  private static final Logger LOG = Logger.getLogger(WebRtcTransport.class.getName());

  /** What the transport tells its owner: ICE or DTLS failed, or the keys are ready. */
  public interface Listener {
    void iceFailed();

    void dtlsFailed();

    /** DTLS-SRTP is up: media can flow both ways. Called on the DTLS thread. */
    void keysReady();
  }

  private final String name;
  private final DtlsCertificate certificate;
  private final Listener listener;
  private final IceTransport ice;
  private final DtlsSession dtls;
  private final DownlinkEstimate downlink;
  private final ProbePadding probe;
  private final Stage rtpOut;
  private final Stage rtcpOut;
  private volatile SrtpSession srtp;

  /**
   * Creates the ICE agent, harvesting our candidates on the shared port.
   *
   * @param name the participant's id, for logs
   */
  public WebRtcTransport(
      IceUdpPort port,
      DtlsCertificate certificate,
      String name,
      Listener listener,
      MediaMetrics metrics,
      PacketPool pool,
      NanoClock clock)
      throws IOException {
    this.name = name;
    this.certificate = certificate;
    this.listener = listener;
    this.ice = new IceTransport(port, this);
    this.dtls = new DtlsSession(certificate, ice::send, this, name);
    this.downlink = new DownlinkEstimate(name, clock, metrics);
    this.probe =
        new ProbePadding(
            new SecureRandom().nextInt() & 0xFFFFFFFFL,
            RtpExtension.TRANSPORT_CC.id,
            pool,
            clock,
            this::rtpOut);
    Stage socket = new SocketSend(ice, metrics, clock);
    this.rtpOut =
        Stage.chain(
            probe.pacer(),
            downlink.numbering(),
            Transform.of("SRTP encrypt", null, withKeys(SrtpSession::encryptRtp)),
            socket);
    this.rtcpOut =
        Stage.chain(
            Transform.of("SRTCP encrypt", null, withKeys(SrtpSession::encryptRtcp)), socket);
  }

  // ---- what the offer needs ----

  public String ufrag() {
    return ice.ufrag();
  }

  public String password() {
    return ice.password();
  }

  /** The SHA-256 fingerprint of the node's DTLS certificate. */
  public String fingerprint() {
    return certificate.fingerprint();
  }

  public List<String> localCandidateLines() {
    return ice.localCandidateLines();
  }

  // ---- what the answer settles ----

  /**
   * Starts ICE checks and the DTLS handshake once the browser's first answer is in.
   *
   * @param browserIsDtlsClient the browser answered {@code a=setup:active}, so the node is the DTLS
   *     server
   */
  public void start(
      String remoteUfrag,
      String remotePassword,
      List<String> candidateLines,
      String remoteFingerprint,
      boolean browserIsDtlsClient) {
    ice.start(remoteUfrag, remotePassword, candidateLines);
    if (browserIsDtlsClient) {
      dtls.startServer(remoteFingerprint);
    } else {
      dtls.startClient(remoteFingerprint);
    }
  }

  public void addRemoteCandidate(String candidate) {
    ice.addRemoteCandidate(candidate);
  }

  /** Where datagrams from the browser go: the participant's receive pipeline. */
  public void receiveInto(BufferHandler onData) {
    ice.receiveInto(onData);
  }

  public boolean hasKeys() {
    return srtp != null;
  }

  // ---- stages of the receive pipeline (a new one for each place it is put) ----

  /** Passes datagrams from addresses ICE verified (see {@link IceTransport#acceptsFrom}). */
  public Filter fromVerifiedAddress(Counter wrongAddress) {
    return Filter.of("address verified by ICE", wrongAddress, p -> ice.acceptsFrom(p.source()));
  }

  /** Hands DTLS records to the handshake thread. */
  public Consume dtlsHandshake() {
    return Consume.of("DTLS handshake", dtls::offer);
  }

  /** Passes media only once DTLS has given keys to decrypt it. */
  public Filter keysReady(Counter beforeKeys) {
    return Filter.of("keys ready", beforeKeys, p -> srtp != null);
  }

  public Transform decryptRtp(Counter srtpFailures) {
    return Transform.of("SRTP decrypt", srtpFailures, withKeys(SrtpSession::decryptRtp));
  }

  public Transform decryptRtcp(Counter srtpFailures) {
    return Transform.of("SRTCP decrypt", srtpFailures, withKeys(SrtpSession::decryptRtcp));
  }

  /** Does {@code crypto} with the keys; false, for a discard, while there are none. */
  private Predicate<Packet> withKeys(BiPredicate<SrtpSession, Packet> crypto) {
    return p -> {
      SrtpSession session = srtp;
      return session != null && crypto.test(session, p);
    };
  }

  // ---- sending ----

  /** What the participant's link carries, from its feedback about this transport's numbering. */
  public DownlinkEstimate downlink() {
    return downlink;
  }

  /** Padding to probe the participant's downlink, on a stream of its own (see ProbePadding). */
  public ProbePadding probe() {
    return probe;
  }

  /** The RTP send path: number, encrypt with this participant's keys, send. Takes ownership. */
  public Stage rtpOut() {
    return rtpOut;
  }

  /** The RTCP send path: encrypt with this participant's keys, send. Takes ownership. */
  public Stage rtcpOut() {
    return rtcpOut;
  }

  /** Drops the send contexts of a stream this participant no longer receives. */
  public void forgetSendStream(long ssrc) {
    SrtpSession session = srtp;
    if (session != null) {
      session.forgetSendStream(ssrc);
    }
  }

  // ---- events ----

  @Override
  public void iceConnected() {
    LOG.fine(() -> name + ": ICE connected via " + ice.selectedRemote());
  }

  @Override
  public void iceFailed() {
    LOG.info(() -> name + ": ICE failed");
    listener.iceFailed();
  }

  @Override
  public void dtlsConnected(SrtpSession session) {
    srtp = session;
    LOG.fine(() -> name + ": DTLS-SRTP ready with " + session.profile());
    listener.keysReady();
  }

  @Override
  public void dtlsFailed(String why) {
    listener.dtlsFailed();
  }

  public void close() {
    dtls.close();
    ice.close();
    SrtpSession session = srtp;
    if (session != null) {
      session.close();
    }
  }
}
