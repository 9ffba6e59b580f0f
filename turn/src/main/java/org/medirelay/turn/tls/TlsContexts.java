package org.medirelay.turn.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.medirelay.crypto.SelfSignedCertificate;

/**
 * The TLS listener's {@link SSLContext}: from the operator's PEM files ({@code --cert} chain,
 * {@code --pkey} in PKCS#8, SEC1 or PKCS#1 form), or, when none are given, from a self-signed ECDSA
 * P-256 development certificate made at first start in the data directory (key file readable by the
 * owner only) and reused afterwards. Never committed: {@code data/} and {@code *.pem} are ignored
 * by git.
 */
public final class TlsContexts {

  private static final Logger LOG = Logger.getLogger(TlsContexts.class.getName());
  static final String DEV_CERT = "turn-dev-cert.pem";
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
      List<X509Certificate> chain = readCertificates(cert);
      PrivateKey key = readPrivateKey(pkey);
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("turn", key, password, chain.toArray(new Certificate[0]));
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

  static List<X509Certificate> readCertificates(Path file)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (object instanceof X509CertificateHolder holder) {
          chain.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    }
    if (chain.isEmpty()) {
      throw new IOException("no certificate in " + file);
    }
    return chain;
  }

  static PrivateKey readPrivateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object object;
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      while ((object = parser.readObject()) != null) {
        if (object instanceof PEMKeyPair pair) {
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
    }
    throw new IOException("no unencrypted private key in " + file);
  }
}
