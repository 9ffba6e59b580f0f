package org.medirelay.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The blocks of a PEM text (RFC 7468): certificates, a private key, a public key. The one PEM
 * reader of the servers: TLS certificate chains and keys, join-token keys.
 *
 * <p>Each block is decoded only when its kind is asked for, so a caller asking for a private key
 * hears that there is none before it hears that some other block is damaged. Text outside blocks is
 * ignored, as RFC 7468 §2 allows.
 *
 * <p>Private keys: PKCS#8 ({@code PRIVATE KEY}), and the OpenSSL forms SEC1 ({@code EC PRIVATE
 * KEY}) and PKCS#1 ({@code RSA PRIVATE KEY}); encrypted keys are not read. Public keys: X.509
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}). Certificates: {@code CERTIFICATE} (or {@code X509
 * CERTIFICATE}). Undecodable content is an {@link IllegalArgumentException} naming the block.
 */
public final class PemDocument {

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private final List<Block> blocks;

  private PemDocument(List<Block> blocks) {
    this.blocks = blocks;
  }

  /** One block: its label, its DER content, and whether RFC 1421 headers say it is encrypted. */
  private record Block(String label, byte[] der, boolean encrypted) {}

  /**
   * Splits {@code text} into its blocks; refuses a block without its END line or with bad base64.
   */
  public static PemDocument parse(String text) {
    List<Block> blocks = new ArrayList<>();
    String label = null;
    StringBuilder base64 = new StringBuilder();
    boolean encrypted = false;
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (label == null) {
        if (line.startsWith(BEGIN)
            && line.endsWith(DASHES)
            && line.length() > 2 * DASHES.length()) {
          label = line.substring(BEGIN.length(), line.length() - DASHES.length());
          base64.setLength(0);
          encrypted = false;
        }
      } else if (line.startsWith(END)) {
        if (!line.equals(END + label + DASHES)) {
          throw new IllegalArgumentException("the " + label + " block ends with " + line);
        }
        blocks.add(new Block(label, decode(label, base64), encrypted));
        label = null;
      } else if (line.indexOf(':') >= 0) {
        // RFC 1421 headers of OpenSSL's legacy encrypted keys: "Proc-Type: 4,ENCRYPTED".
        encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
      } else {
        base64.append(line);
      }
    }
    if (label != null) {
      throw new IllegalArgumentException("the " + label + " block has no END line");
    }
    return new PemDocument(List.copyOf(blocks));
  }

  /** Reads and splits a PEM file. */
  public static PemDocument read(Path file) throws IOException {
    // PEM is ASCII; Latin-1 reads any byte, so stray explanatory text cannot fail the read.
    return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  /** The certificates, in the order written: for a chain, the end entity's first. */
  public List<X509Certificate> certificates() {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Block block : blocks) {
      if (block.label().equals("CERTIFICATE") || block.label().equals("X509 CERTIFICATE")) {
        try {
          certificates.add(
              (X509Certificate)
                  CertificateFactory.getInstance("X.509")
                      .generateCertificate(new ByteArrayInputStream(block.der())));
        } catch (CertificateException e) {
          throw undecodable(block, e);
        }
      }
    }
    return certificates;
  }

  /** The first unencrypted private key, or empty when there is none. */
  public Optional<PrivateKey> privateKey() {
    for (Block block : blocks) {
      if (!block.encrypted() && isPrivateKey(block.label())) {
        try {
          return Optional.of(new JcaPEMKeyConverter().getPrivateKey(privateKeyInfo(block)));
        } catch (IOException | RuntimeException e) {
          // BouncyCastle reports malformed ASN.1 as several unchecked exceptions.
          throw undecodable(block, e);
        }
      }
    }
    return Optional.empty();
  }

  /** The first public key, or empty when there is none. */
  public Optional<PublicKey> publicKey() {
    for (Block block : blocks) {
      if (block.label().equals("PUBLIC KEY")) {
        try {
          return Optional.of(
              new JcaPEMKeyConverter().getPublicKey(SubjectPublicKeyInfo.getInstance(block.der())));
        } catch (IOException | RuntimeException e) {
          throw undecodable(block, e);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isPrivateKey(String label) {
    return label.equals("PRIVATE KEY")
        || label.equals("EC PRIVATE KEY")
        || label.equals("RSA PRIVATE KEY");
  }

  /**
   * A SEC1 or PKCS#1 key wrapped as PKCS#8 names its algorithm, so one converter reads all three.
   */
  private static PrivateKeyInfo privateKeyInfo(Block block) throws IOException {
    return switch (block.label()) {
      case "EC PRIVATE KEY" -> {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(block.der());
        yield new PrivateKeyInfo(
            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()),
            sec1);
      }
      case "RSA PRIVATE KEY" ->
          new PrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
              RSAPrivateKey.getInstance(block.der()));
      default -> PrivateKeyInfo.getInstance(block.der());
    };
  }

  private static byte[] decode(String label, CharSequence base64) {
    try {
      return Base64.getDecoder().decode(base64.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + label + " block is not valid base64", e);
    }
  }

  private static IllegalArgumentException undecodable(Block block, Exception cause) {
    return new IllegalArgumentException(
        "cannot decode the " + block.label() + " block: " + cause.getMessage(), cause);
  }
}
