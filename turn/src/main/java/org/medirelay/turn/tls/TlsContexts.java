package org.medirelay.turn.tls;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.medirelay.crypto.SelfSignedCertificate;
import org.medirelay.crypto.TlsIdentity;

/**
 * The TLS listener's {@link SSLContext}: from the operator's PEM files ({@code --cert} chain,
 * {@code --pkey} in PKCS#8, SEC1 or PKCS#1 form), or, when none are given, from a self-signed ECDSA
 * P-256 development certificate made at first start in the data directory (key file readable by the
 * owner only) and reused afterwards. Never committed: {@code data/} and {@code *.pem} are ignored
 * by git.
 */
public final class TlsContexts {

  private static final Logger LOG = Logger.getLogger(TlsContexts.class.getName());

  /** The development certificate's file in the data directory, for clients to trust. */
  public static final String DEV_CERT = "turn-dev-cert.pem";

  static final String DEV_KEY = "turn-dev-key.pem";

  private TlsContexts() {}

  public static SSLContext create(Path cert, Path pkey, Path dataDir) throws IOException {
    if (cert == null) {
      cert = dataDir.resolve(DEV_CERT);
      pkey = dataDir.resolve(DEV_KEY);
      if (!Files.exists(cert) || !Files.exists(pkey)) {
        generateDevelopmentCertificate(cert, pkey);
        LOG.info(
            "generated a self-signed development TLS certificate in "
                + dataDir
                + "; give --cert/--pkey for production");
      }
    }
    try {
      TlsIdentity identity = TlsIdentity.read(cert, pkey);
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "turn", identity.privateKey(), password, identity.chain().toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot build TLS context from " + cert + " and " + pkey + ": " + e.getMessage(), e);
    }
  }

  static void generateDevelopmentCertificate(Path cert, Path pkey) throws IOException {
    SelfSignedCertificate made =
        SelfSignedCertificate.named("MediRelay TURN development certificate")
            .validFor(Duration.ofDays(825))
            .dnsName("localhost")
            .ipAddress(InetAddress.getLoopbackAddress())
            .generate();
    Files.createDirectories(cert.toAbsolutePath().getParent());
    writePem(cert, made.certificate());
    Files.deleteIfExists(pkey);
    Files.createFile(
        pkey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    writePem(pkey, new JcaPKCS8Generator(made.keys().getPrivate(), null).generate());
  }

  private static void writePem(Path file, Object object) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(object);
    }
  }
}
