package org.medirelay.media.transport;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The DTLS 1.2 server side of DTLS-SRTP (RFC 5763, RFC 5764): presents our self-signed certificate,
 * demands the browser's certificate and accepts it only when its fingerprint equals the one in the
 * browser's SDP, negotiates an SRTP profile through the {@code use_srtp} extension, and exports the
 * SRTP keys when the handshake completes.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

  private final JcaTlsCrypto crypto;
  private final DtlsCertificate certificate;
  private final String expectedPeerFingerprint;
  private SrtpProfile chosenProfile;
  private volatile SrtpKeys keys;

  DtlsSrtpServer(JcaTlsCrypto crypto, DtlsCertificate certificate, String expectedPeerFingerprint) {
    super(crypto);
    this.crypto = crypto;
    this.certificate = certificate;
    this.expectedPeerFingerprint = DtlsCertificate.normalize(expectedPeerFingerprint);
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  /** Our certificate is ECDSA, so only ECDHE_ECDSA suites can be served; AEAD suites first. */
  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
  };

  @Override
  protected int[] getSupportedCipherSuites() {
    return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return signer(crypto, certificate, context);
  }

  /** Our certificate and key as BouncyCastle signing credentials, for either DTLS role. */
  static TlsCredentialedSigner signer(
      JcaTlsCrypto crypto, DtlsCertificate certificate, TlsContext context) throws IOException {
    TlsCertificate tlsCertificate = crypto.createCertificate(certificate.encoded());
    return new JcaDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        certificate.privateKey(),
        new Certificate(new TlsCertificate[] {tlsCertificate}),
        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
  }

  /** Fails the handshake unless the peer's certificate has the fingerprint its SDP announced. */
  static void checkFingerprint(Certificate peer, String expectedFingerprint) throws IOException {
    if (peer == null || peer.isEmpty()) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer sent no certificate");
    }
    String actual = DtlsCertificate.fingerprintOf(peer.getCertificateAt(0).getEncoded());
    if (!actual.equals(expectedFingerprint)) {
      throw new TlsFatalAlert(
          AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
    }
  }

  /**
   * Ask for the browser's certificate: without it we could not tie this DTLS session to its SDP.
   */
  @Override
  public CertificateRequest getCertificateRequest() {
    Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
        algorithms,
        null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    checkFingerprint(clientCertificate, expectedPeerFingerprint);
  }

  @Override
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
    if (offered == null) {
      throw new TlsFatalAlert(
          AlertDescription.handshake_failure, "the peer offered no SRTP profile");
    }
    for (SrtpProfile profile : SrtpProfile.values()) {
      for (int id : offered.getProtectionProfiles()) {
        if (profile.tlsId == id) {
          chosenProfile = profile;
          return;
        }
      }
    }
    throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP profile in common");
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable extensions = super.getServerExtensions();
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(new int[] {chosenProfile.tlsId}, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    keys = SrtpKeys.export(context, chosenProfile);
  }

  /** The exported keys, once the handshake completed. */
  SrtpKeys keys() {
    return keys;
  }
}
