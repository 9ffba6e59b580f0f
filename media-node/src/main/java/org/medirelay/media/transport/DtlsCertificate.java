package org.medirelay.media.transport;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.medirelay.crypto.SelfSignedCertificate;

/**
 * The node's DTLS identity: an ECDSA P-256 key and a self-signed certificate made at start.
 * Browsers do not check it against any authority; they check its SHA-256 fingerprint against the
 * one in our SDP, which reaches them over the TLS-protected signaling channel.
 */
public final class DtlsCertificate {

  private final PrivateKey privateKey;
  private final byte[] encoded;
  private final String fingerprint;

  private DtlsCertificate(PrivateKey privateKey, byte[] encoded) {
    this.privateKey = privateKey;
    this.encoded = encoded;
    this.fingerprint = fingerprintOf(encoded);
  }

  /** A fresh key and certificate, valid from a day ago (clock skew) for 30 days. */
  public static DtlsCertificate generate() {
    SelfSignedCertificate made =
        SelfSignedCertificate.named("medirelay-media-node")
            .validFor(Duration.ofDays(30))
            .generate();
    return new DtlsCertificate(made.keys().getPrivate(), made.encoded());
  }

  /** SDP form: upper-case hex bytes joined by colons (RFC 8122). */
  public static String fingerprintOf(byte[] der) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Normalises a fingerprint from SDP for comparison. */
  public static String normalize(String fingerprint) {
    return fingerprint.strip().toUpperCase(Locale.ROOT);
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  /** The SHA-256 fingerprint for {@code a=fingerprint:sha-256 …}. */
  public String fingerprint() {
    return fingerprint;
  }
}
