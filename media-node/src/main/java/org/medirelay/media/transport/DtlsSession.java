package org.medirelay.media.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.medirelay.media.packet.Packet;

/**
 * One participant's DTLS association. The handshake blocks in BouncyCastle, so it runs on its own
 * thread; once done the same thread keeps reading, which lets BouncyCastle answer a retransmitted
 * final flight and notice close_notify.
 */
public final class DtlsSession {

  private static final Logger LOG = Logger.getLogger(DtlsSession.class.getName());
  private static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().create(new SecureRandom());

  /** What the session tells its owner; called on the DTLS thread. */
  public interface Listener {
    void dtlsConnected(SrtpSession srtp);

    void dtlsFailed(String why);
  }

  private final DtlsCertificate certificate;
  private final DtlsPacketChannel channel;
  private final Listener listener;
  private final String name;
  private volatile DTLSTransport transport;
  private volatile boolean closed;

  /** Where DTLS records go out (ICE in the node). */
  public interface Sender {
    void send(byte[] buf, int off, int len) throws IOException;
  }

  public DtlsSession(DtlsCertificate certificate, Sender sender, Listener listener, String name) {
    this.certificate = certificate;
    this.channel = new DtlsPacketChannel(sender);
    this.listener = listener;
    this.name = name;
  }

  /**
   * Accepts the browser's handshake (it answered {@code a=setup:active}); its certificate must
   * match the fingerprint.
   */
  public void startServer(String peerFingerprint) {
    start(
        () -> {
          DtlsSrtpServer server = new DtlsSrtpServer(authentication(peerFingerprint));
          DTLSServerProtocol protocol = new DTLSServerProtocol();
          // ICE connectivity checks already proved the peer owns its address; a cookie round trip
          // adds nothing.
          protocol.setVerifyRequests(false);
          return new Established(protocol.accept(server, channel), server.keys());
        });
  }

  /** Connects to the browser's DTLS server (it answered {@code a=setup:passive}). */
  public void startClient(String peerFingerprint) {
    start(
        () -> {
          DtlsSrtpClient client = new DtlsSrtpClient(authentication(peerFingerprint));
          return new Established(new DTLSClientProtocol().connect(client, channel), client.keys());
        });
  }

  private DtlsSrtpAuthentication authentication(String peerFingerprint) {
    return new DtlsSrtpAuthentication(CRYPTO, certificate, peerFingerprint);
  }

  /** A completed handshake: the transport to keep reading, and the SRTP keys it exported. */
  private record Established(DTLSTransport transport, SrtpKeys keys) {}

  /** One role's handshake, run on the session's thread. */
  private interface Handshake {
    Established run() throws IOException;
  }

  private void start(Handshake handshake) {
    Thread thread = new Thread(() -> run(handshake), "dtls-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Handshake handshake) {
    Established established;
    try {
      established = handshake.run();
    } catch (IOException | RuntimeException e) {
      failed(e);
      return;
    }
    transport = established.transport();
    listener.dtlsConnected(new SrtpSession(established.keys()));
    drainAfterHandshake();
  }

  private void failed(Exception e) {
    if (!closed) {
      LOG.log(Level.INFO, "DTLS handshake with " + name + " failed: " + e.getMessage());
      listener.dtlsFailed(e.getMessage());
    }
  }

  private void drainAfterHandshake() {
    byte[] buf = new byte[1500];
    while (!closed) {
      try {
        transport.receive(buf, 0, buf.length, 1000);
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.log(Level.FINE, "DTLS with " + name + " ended: " + e.getMessage());
        }
        return;
      }
    }
  }

  /** Hands a DTLS record to the handshake thread, which owns it from now on. */
  public void offer(Packet packet) {
    channel.offer(packet);
  }

  public void close() {
    closed = true;
    DTLSTransport t = transport;
    if (t != null) {
      try {
        t.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "closing DTLS", e);
      }
    }
    channel.close();
  }
}
