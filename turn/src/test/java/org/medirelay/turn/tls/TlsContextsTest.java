package org.medirelay.turn.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medirelay.testkit.TlsClients.trusting;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medirelay.crypto.SelfSignedCertificate;

/** The TLS listener's context: the operator's PEM files, or a development certificate. */
class TlsContextsTest {

  @TempDir Path dataDir;

  @Test
  void withoutCertificateFilesADevelopmentCertificateIsMadeOnceAndServes() throws Exception {
    SSLContext first = TlsContexts.create(null, null, dataDir);
    Path cert = dataDir.resolve(TlsContexts.DEV_CERT);
    Path key = dataDir.resolve(TlsContexts.DEV_KEY);
    byte[] certBytes = Files.readAllBytes(cert);
    byte[] keyBytes = Files.readAllBytes(key);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    X509Certificate certificate = certificate(cert);
    assertThat(certificate.getSubjectAlternativeNames())
        .contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(echoOverTls(first, certificate)).isEqualTo(42);

    TlsContexts.create(null, null, dataDir);
    assertThat(Files.readAllBytes(cert)).isEqualTo(certBytes);
    assertThat(Files.readAllBytes(key)).isEqualTo(keyBytes);
  }

  @Test
  void theOperatorsPemFilesServe() throws Exception {
    SelfSignedCertificate operator =
        SelfSignedCertificate.named("turn.example")
            .ipAddress(InetAddress.getLoopbackAddress())
            .generate();
    Path cert = write("cert.pem", operator.certificate());
    Path key =
        write("key.pem", new JcaPKCS8Generator(operator.keys().getPrivate(), null).generate());

    assertThat(echoOverTls(TlsContexts.create(cert, key, dataDir), operator.certificate()))
        .isEqualTo(42);
    assertThat(dataDir.resolve(TlsContexts.DEV_CERT)).doesNotExist();
    assertThatThrownBy(() -> TlsContexts.create(cert, cert, dataDir))
        .isInstanceOf(IOException.class)
        .hasMessage("no unencrypted private key in " + cert);
  }

  private Path write(String name, Object pemObject) throws IOException {
    Path file = dataDir.resolve(name);
    try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
      writer.writeObject(pemObject);
    }
    return file;
  }

  static X509Certificate certificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** Sends one byte to a TLS server using {@code server} and returns the byte it echoes. */
  static int echoOverTls(SSLContext server, X509Certificate trusted) throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket listener =
        server.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
      CompletableFuture<Void> echo =
          CompletableFuture.runAsync(
              () -> {
                try (Socket accepted = listener.accept()) {
                  accepted.getOutputStream().write(accepted.getInputStream().read());
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try (SSLSocket client =
          (SSLSocket)
              trusting(trusted)
                  .getSocketFactory()
                  .createSocket(loopback, listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        OutputStream out = client.getOutputStream();
        out.write(42);
        out.flush();
        int answer = client.getInputStream().read();
        echo.get(10, TimeUnit.SECONDS);
        return answer;
      }
    }
  }
}
