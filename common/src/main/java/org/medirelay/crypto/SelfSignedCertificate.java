package org.medirelay.crypto;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fresh ECDSA P-256 key and a self-signed X.509 certificate for it (SHA256withECDSA): the media
 * node's DTLS identity, which browsers check by fingerprint, and the TURN server's development TLS
 * certificate. Valid from a day before it is made, so a peer whose clock lags still accepts it.
 *
 * <pre>{@code
 * SelfSignedCertificate.named("turn.example").validFor(Duration.ofDays(825))
 *     .dnsName("localhost").ipAddress(InetAddress.getLoopbackAddress()).generate();
 * }</pre>
 *
 * @param keys the key pair; the certificate holds its public half
 * @param certificate the certificate, subject and issuer {@code CN=<name>}
 */
public record SelfSignedCertificate(KeyPair keys, X509Certificate certificate) {

  /** How far before now the certificate starts to be valid. */
  static final Duration BACKDATED = Duration.ofDays(1);

  /** A certificate whose subject and issuer are {@code CN=commonName}. */
  public static Builder named(String commonName) {
    return new Builder(commonName);
  }

  /** The certificate's DER encoding. */
  public byte[] encoded() {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode a certificate we made", e);
    }
  }

  /** What the certificate says besides its key: name, lifetime, subject alternative names. */
  public static final class Builder {

    private final String commonName;
    private final List<GeneralName> alternativeNames = new ArrayList<>();
    private Duration validity = Duration.ofDays(30);
    private Clock clock = Clock.systemUTC();

    private Builder(String commonName) {
      this.commonName = commonName;
    }

    /** How long after now it stays valid (default 30 days). */
    public Builder validFor(Duration validity) {
      this.validity = validity;
      return this;
    }

    /** A DNS name a TLS client may reach it by (subject alternative name). */
    public Builder dnsName(String name) {
      alternativeNames.add(new GeneralName(GeneralName.dNSName, name));
      return this;
    }

    /** An IP address a TLS client may reach it at (subject alternative name). */
    public Builder ipAddress(InetAddress address) {
      alternativeNames.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
      return this;
    }

    /** Where "now" comes from (default the system clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public SelfSignedCertificate generate() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair keys = generator.generateKeyPair();
        X500Name name =
            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Instant now = clock.instant();
        JcaX509v3CertificateBuilder builder =
            new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(BACKDATED)),
                Date.from(now.plus(validity)),
                name,
                keys.getPublic());
        if (!alternativeNames.isEmpty()) {
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
        }
        X509Certificate certificate =
            new JcaX509CertificateConverter()
                .getCertificate(
                    builder.build(
                        new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new SelfSignedCertificate(keys, certificate);
      } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
        throw new IllegalStateException("cannot make a self-signed certificate", e);
      }
    }
  }
}
