package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medirelay.testkit.TlsClients.trusting;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.token.Grant;

/**
 * Signaling over wss:// with the operator's PEM certificate and key, as pages served over https
 * require.
 */
class SignalingTlsTest {

  @TempDir Path dir;

  @Test
  void browsersJoinOverWssWithTheConfiguredCertificate() throws Exception {
    X509Certificate certificate = writeCertificateAndKey();
    try (TestIssuer issuer = new TestIssuer("media-test");
        MediaNode node =
            TestNodes.start(
                issuer,
                Map.of(
                    "MEDIA_SIGNALING_TLS_CERT", dir.resolve("cert.pem").toString(),
                    "MEDIA_SIGNALING_TLS_KEY", dir.resolve("key.pem").toString()))) {
      assertThat(node.signalingUrl()).startsWith("wss://127.0.0.1:");
      try (SignalingClient client =
          new SignalingClient(node.signalingUrl(), trusting(certificate))) {
        client.join("s-tls", issuer.token("s-tls", "Ann", EnumSet.of(Grant.SUBSCRIBE)));
        assertThat(client.next("joined").path("self").path("displayName").asText())
            .isEqualTo("Ann");
      }
      // A plain ws:// client gets no WebSocket from the TLS port.
      assertThatThrownBy(
              () -> new SignalingClient(node.signalingUrl().replace("wss://", "ws://")).close())
          .isInstanceOf(Exception.class);
    }
  }

  @Test
  void aCertificateWithoutItsKeyOrAnUnreadableKeyIsAClearStartupError() throws Exception {
    writeCertificateAndKey();
    try (TestIssuer issuer = new TestIssuer("media-test")) {
      assertThatThrownBy(
              () ->
                  TestNodes.start(
                      issuer,
                      Map.of("MEDIA_SIGNALING_TLS_CERT", dir.resolve("cert.pem").toString())))
          .hasMessageContaining("MEDIA_SIGNALING_TLS_KEY");
      Files.writeString(dir.resolve("garbage.pem"), "not a key");
      assertThatThrownBy(
              () ->
                  TestNodes.start(
                      issuer,
                      Map.of(
                          "MEDIA_SIGNALING_TLS_CERT", dir.resolve("cert.pem").toString(),
                          "MEDIA_SIGNALING_TLS_KEY", dir.resolve("garbage.pem").toString())))
          .hasMessageContaining("cannot use MEDIA_SIGNALING_TLS_CERT/MEDIA_SIGNALING_TLS_KEY");
    }
  }

  /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, as PEM files in {@link #dir}. */
  private X509Certificate writeCertificateAndKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=127.0.0.1");
    Instant now = Instant.now();
    byte[] der =
        new JcaX509v3CertificateBuilder(
                name,
                BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                keys.getPublic())
            .addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
            .getEncoded();
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    Files.writeString(dir.resolve("cert.pem"), pem(certificate));
    Files.writeString(dir.resolve("key.pem"), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
    return certificate;
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
