package org.medirelay.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  @Test
  void aP256KeyAndACertificateSignedWithIt() throws Exception {
    SelfSignedCertificate made = SelfSignedCertificate.named("medirelay-media-node").generate();
    X509Certificate certificate = made.certificate();

    assertThat(
            ((ECPublicKey) made.keys().getPublic())
                .getParams()
                .getCurve()
                .getField()
                .getFieldSize())
        .isEqualTo(256);
    assertThat(made.keys().getPrivate().getAlgorithm()).isEqualTo("EC");
    assertThat(certificate.getPublicKey()).isEqualTo(made.keys().getPublic());
    certificate.verify(made.keys().getPublic());
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getSubjectX500Principal().getName())
        .isEqualTo("CN=medirelay-media-node");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getSubjectAlternativeNames()).isNull();
    assertThat(made.encoded()).isEqualTo(certificate.getEncoded());
  }

  @Test
  void validFromADayBeforeNowForTheGivenTime() {
    X509Certificate certificate =
        SelfSignedCertificate.named("x")
            .validFor(Duration.ofDays(825))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .generate()
            .certificate();

    assertThat(certificate.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(825)));
  }

  @Test
  void theDefaultLifetimeIsThirtyDays() {
    X509Certificate certificate =
        SelfSignedCertificate.named("x")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .generate()
            .certificate();

    assertThat(certificate.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(30)));
  }

  @Test
  void subjectAlternativeNamesForTlsClients() throws Exception {
    X509Certificate certificate =
        SelfSignedCertificate.named("MediRelay TURN development certificate")
            .dnsName("localhost")
            .ipAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))
            .generate()
            .certificate();

    assertThat(certificate.getSubjectAlternativeNames())
        .containsExactly(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
  }

  @Test
  void aCommonNameWithCommasStaysOneName() {
    X509Certificate certificate =
        SelfSignedCertificate.named("Clinic, Inc.").generate().certificate();

    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Clinic\\, Inc.");
  }

  @Test
  void everyCertificateHasItsOwnKey() {
    assertThat(SelfSignedCertificate.named("x").generate().keys().getPublic())
        .isNotEqualTo(SelfSignedCertificate.named("x").generate().keys().getPublic());
  }
}
