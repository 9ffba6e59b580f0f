package org.medirelay.media.transport;

import java.util.Arrays;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;

/**
 * Keys exported from DTLS for SRTP (RFC 5764 section 4.2): the exporter output is {@code client_key
 * | server_key | client_salt | server_salt}. The DTLS server sends with the server's half.
 */
public record SrtpKeys(
    SrtpProfile profile, byte[] sendKey, byte[] sendSalt, byte[] receiveKey, byte[] receiveSalt) {

  /**
   * The keys of a completed DTLS handshake that agreed on {@code profile}, for whichever role
   * {@code context} played.
   */
  static SrtpKeys export(TlsContext context, SrtpProfile profile) {
    byte[] material =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, exporterLength(profile));
    return fromExporter(profile, material, context.isServer());
  }

  static SrtpKeys fromExporter(SrtpProfile profile, byte[] material, boolean isDtlsServer) {
    int k = profile.keyLength;
    int s = profile.saltLength;
    byte[] clientKey = Arrays.copyOfRange(material, 0, k);
    byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
    byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
    byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
    return isDtlsServer
        ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
        : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
  }

  static int exporterLength(SrtpProfile profile) {
    return 2 * (profile.keyLength + profile.saltLength);
  }
}
