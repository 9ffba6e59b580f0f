package org.medirelay.media.transport;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair keys = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name name = new X500Name("CN=medirelay-media-node");
      X509CertificateHolder holder =
          new JcaX509v3CertificateBuilder(
                  name,
                  new BigInteger(64, new SecureRandom()),
                  Date.from(now.minus(Duration.ofDays(1))),
                  Date.from(now.plus(Duration.ofDays(30))),
                  name,
                  keys.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
      return new DtlsCertificate(keys.getPrivate(), holder.getEncoded());
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make the DTLS certificate", e);
    }
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
