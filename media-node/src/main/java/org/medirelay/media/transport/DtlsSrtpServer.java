package org.medirelay.media.transport;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS 1.2 server side of DTLS-SRTP (RFC 5763, RFC 5764): presents our self-signed certificate,
 * demands the browser's certificate and accepts it only when its fingerprint equals the one in the
 * browser's SDP, negotiates an SRTP profile through the {@code use_srtp} extension, and exports the
 * SRTP keys when the handshake completes.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

  private final DtlsSrtpAuthentication authentication;
  private SrtpProfile chosenProfile;
  private volatile SrtpKeys keys;

  DtlsSrtpServer(DtlsSrtpAuthentication authentication) {
    super(authentication.crypto());
    this.authentication = authentication;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtpAuthentication.CIPHER_SUITES);
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    return authentication.signer(context);
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
    authentication.checkPeer(clientCertificate);
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
