package org.medirelay.media.transport;

import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;
import org.medirelay.media.packet.Packet;
import org.medirelay.media.packet.Rtcp;
import org.medirelay.media.packet.Rtp;
import org.medirelay.media.packet.SsrcMap;

/**
 * SRTP and SRTCP for one participant's transport, with jitsi-srtp contexts per SSRC and direction.
 * Decrypt and encrypt work in place on a {@link Packet}; each returns false when the packet must be
 * dropped (authentication failure, replay, malformed).
 */
public final class SrtpSession {

  private static final Logger LOG = new LoggerImpl(SrtpSession.class.getName());

  /** Bounds the contexts a peer can make us derive by inventing SSRCs. */
  private static final int MAX_STREAMS = 64;

  private final SrtpContextFactory receiveFactory;
  private final SrtpContextFactory sendFactory;
  private final SsrcMap<SrtpCryptoContext> rtpIn = new SsrcMap<>();
  private final SsrcMap<SrtpCryptoContext> rtpOut = new SsrcMap<>();
  private final SsrcMap<SrtcpCryptoContext> rtcpIn = new SsrcMap<>();
  private final SsrcMap<SrtcpCryptoContext> rtcpOut = new SsrcMap<>();
  private final SrtpProfile profile;

  static {
    // jitsi-srtp benchmarks its AES providers at start and may pick SunJCE, whose CTR mode copies
    // its input for every
    // in-place call (one allocation per packet). Its bundled OpenSSL binding does not; use it when
    // it loaded.
    if (JitsiOpenSslProvider.isLoaded()) {
      Aes.setFactoryClassName(Aes.OpenSSLCipherFactory.class.getName());
    }
  }

  public SrtpSession(SrtpKeys keys) {
    this.profile = keys.profile();
    this.receiveFactory =
        new SrtpContextFactory(
            false, keys.receiveKey(), keys.receiveSalt(), policy(false), policy(false), LOG);
    this.sendFactory =
        new SrtpContextFactory(
            true, keys.sendKey(), keys.sendSalt(), policy(true), policy(true), LOG);
  }

  /**
   * Our own sends may repeat a sequence number on purpose (NACK retransmissions), so send-side
   * replay is off.
   */
  private SrtpPolicy policy(boolean send) {
    SrtpPolicy policy = profile.policy();
    if (send) {
      policy.setSendReplayEnabled(false);
    }
    return policy;
  }

  public SrtpProfile profile() {
    return profile;
  }

  public boolean decryptRtp(Packet p) {
    if (!Rtp.isValid(p)) {
      return false;
    }
    long ssrc = Rtp.ssrc(p);
    SrtpCryptoContext context = rtpIn.get(ssrc);
    if (context == null && (context = newContext(rtpIn, receiveFactory, ssrc)) == null) {
      return false;
    }
    try {
      return context.reverseTransformPacket(p, false) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public boolean encryptRtp(Packet p) {
    long ssrc = Rtp.ssrc(p);
    SrtpCryptoContext context = rtpOut.get(ssrc);
    if (context == null && (context = newContext(rtpOut, sendFactory, ssrc)) == null) {
      return false;
    }
    try {
      return context.transformPacket(p) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public boolean decryptRtcp(Packet p) {
    if (p.getLength() < 8 + 4 || !Rtcp.isHeaderValid(p)) {
      return false;
    }
    long ssrc = Rtcp.senderSsrc(p, 0);
    SrtcpCryptoContext context = rtcpIn.get(ssrc);
    if (context == null && (context = newControlContext(rtcpIn, receiveFactory, ssrc)) == null) {
      return false;
    }
    try {
      return context.reverseTransformPacket(p) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  public boolean encryptRtcp(Packet p) {
    long ssrc = Rtcp.senderSsrc(p, 0);
    SrtcpCryptoContext context = rtcpOut.get(ssrc);
    if (context == null && (context = newControlContext(rtcpOut, sendFactory, ssrc)) == null) {
      return false;
    }
    try {
      return context.transformPacket(p) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Drops the send contexts of a stream this participant no longer receives (its publisher left).
   */
  public void forgetSendStream(long ssrc) {
    rtpOut.remove(ssrc);
    rtcpOut.remove(ssrc);
  }

  /** Contexts are made on first use of an SSRC, at most {@link #MAX_STREAMS} per direction. */
  private static SrtpCryptoContext newContext(
      SsrcMap<SrtpCryptoContext> map, SrtpContextFactory factory, long ssrc) {
    if (map.size() >= MAX_STREAMS) {
      return null;
    }
    return map.computeIfAbsent(ssrc, s -> derive(factory, s));
  }

  private static SrtcpCryptoContext newControlContext(
      SsrcMap<SrtcpCryptoContext> map, SrtpContextFactory factory, long ssrc) {
    if (map.size() >= MAX_STREAMS) {
      return null;
    }
    return map.computeIfAbsent(ssrc, s -> deriveControl(factory, s));
  }

  private static SrtpCryptoContext derive(SrtpContextFactory factory, long ssrc) {
    try {
      return factory.deriveContext((int) ssrc, 0);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static SrtcpCryptoContext deriveControl(SrtpContextFactory factory, long ssrc) {
    try {
      return factory.deriveControlContext((int) ssrc);
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  public void close() {
    receiveFactory.close();
    sendFactory.close();
  }
}
