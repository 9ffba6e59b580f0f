package org.medirelay.media.transport;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * How either DTLS role authenticates in DTLS-SRTP (RFC 5763 section 5): it presents our self-signed
 * certificate, and accepts the peer only when the peer's certificate has the fingerprint the peer's
 * SDP announced, which ties the DTLS session to the signaling connection.
 */
final class DtlsSrtpAuthentication {

  /** Our certificate is ECDSA, so only ECDHE_ECDSA suites can be served; AEAD suites first. */
  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  };

  private final JcaTlsCrypto crypto;
  private final DtlsCertificate certificate;
  private final String expectedPeerFingerprint;

  DtlsSrtpAuthentication(
      JcaTlsCrypto crypto, DtlsCertificate certificate, String expectedPeerFingerprint) {
    this.crypto = crypto;
    this.certificate = certificate;
    this.expectedPeerFingerprint = DtlsCertificate.normalize(expectedPeerFingerprint);
  }

  JcaTlsCrypto crypto() {
    return crypto;
  }

  /** Our certificate and key as BouncyCastle signing credentials. */
  TlsCredentialedSigner signer(TlsContext context) throws IOException {
    TlsCertificate tlsCertificate = crypto.createCertificate(certificate.encoded());
    return new JcaDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        certificate.privateKey(),
        new Certificate(new TlsCertificate[] {tlsCertificate}),
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  /** Fails the handshake unless the peer's certificate has the fingerprint its SDP announced. */
  void checkPeer(Certificate peer) throws IOException {
    if (peer == null || peer.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
    }
    String actual = DtlsCertificate.fingerprintOf(peer.getCertificateAt(0).getEncoded());
    if (!actual.equals(expectedPeerFingerprint)) {
      throw new TlsFatalAlert(
          AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
    }
  }
}
