package org.medirelay.media.transport;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The DTLS 1.2 client side of DTLS-SRTP, for a peer that answered {@code a=setup:passive}: offers
 * our SRTP profiles, checks the server's certificate against its SDP fingerprint, presents our
 * certificate, exports the SRTP keys.
 */
final class DtlsSrtpClient extends DefaultTlsClient {

  private final DtlsSrtpAuthentication authentication;
  private SrtpProfile chosenProfile;
  private volatile SrtpKeys keys;

  DtlsSrtpClient(DtlsSrtpAuthentication authentication) {
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
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable extensions = super.getClientExtensions();
    SrtpProfile[] profiles = SrtpProfile.values();
    int[] ids = new int[profiles.length];
    for (int i = 0; i < profiles.length; i++) {
      ids[i] = profiles[i].tlsId;
    }
    TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
    return extensions;
  }

  @Override
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
    if (chosen == null || chosen.getProtectionProfiles().length != 1) {
      throw new TlsFatalAlert(
          AlertDescription.illegal_parameter, "the server chose no single SRTP profile");
    }
    chosenProfile = SrtpProfile.fromTlsId(chosen.getProtectionProfiles()[0]);
    if (chosenProfile == null) {
      throw new TlsFatalAlert(
          AlertDescription.illegal_parameter, "the server chose an SRTP profile we did not offer");
    }
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        authentication.checkPeer(serverCertificate.getCertificate());
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        return authentication.signer(context);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    keys = SrtpKeys.export(context, chosenProfile);
  }

  SrtpKeys keys() {
    return keys;
  }
}
