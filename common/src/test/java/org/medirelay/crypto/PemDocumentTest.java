package org.medirelay.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemDocumentTest {

  private static final SelfSignedCertificate SERVER =
      SelfSignedCertificate.named("server").generate();
  private static final SelfSignedCertificate ISSUER =
      SelfSignedCertificate.named("issuer").generate();

  @Test
  void aCertificateChainInTheOrderWrittenWithTextBetweenBlocks() {
    String pem =
        "subject=CN=server\n"
            + block("CERTIFICATE", SERVER.encoded())
            + "\nissuer=CN=issuer\n"
            + block("CERTIFICATE", ISSUER.encoded());

    assertThat(PemDocument.parse(pem).certificates())
        .containsExactly(SERVER.certificate(), ISSUER.certificate());
  }

  @Test
  void aPkcs8PrivateKeyAndAPublicKey() {
    KeyPair keys = SERVER.keys();
    PemDocument document =
        PemDocument.parse(
            block("PRIVATE KEY", keys.getPrivate().getEncoded())
                + block("PUBLIC KEY", keys.getPublic().getEncoded()));

    assertThat(document.privateKey()).contains(keys.getPrivate());
    assertThat(document.publicKey()).contains(keys.getPublic());
    assertThat(document.certificates()).isEmpty();
  }

  @Test
  void anRsaPkcs8Key() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair rsa = generator.generateKeyPair();

    assertThat(PemDocument.parse(block("PRIVATE KEY", rsa.getPrivate().getEncoded())).privateKey())
        .contains(rsa.getPrivate());
  }

  /**
   * OpenSSL's legacy forms: SEC1 with the curve in the key (as {@code openssl ecparam -genkey}
   * writes it), PKCS#1 as BouncyCastle's writer produces it.
   */
  @Test
  void sec1AndPkcs1PrivateKeys() throws Exception {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(SERVER.keys().getPrivate().getEncoded());
    ECPrivateKey sec1 =
        new ECPrivateKey(
            256,
            ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey(),
            pkcs8.getPrivateKeyAlgorithm().getParameters());
    PrivateKey read =
        PemDocument.parse(block("EC PRIVATE KEY", sec1.getEncoded())).privateKey().orElseThrow();
    assertThat(signsFor(read, SERVER.keys().getPublic())).isTrue();

    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair rsa = generator.generateKeyPair();
    String pkcs1 = openSslPem(rsa.getPrivate());
    assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(PemDocument.parse(pkcs1).privateKey()).contains(rsa.getPrivate());
  }

  @Test
  void crlfLinesAndIndentedBase64() {
    String pem =
        block("CERTIFICATE", SERVER.encoded()).replace("\n", "\r\n").replace("\r\nM", "\r\n  M");

    assertThat(PemDocument.parse(pem).certificates()).containsExactly(SERVER.certificate());
  }

  @Test
  void encryptedKeysAreNotRead() {
    String pkcs8Encrypted = block("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3});
    String legacyEncrypted =
        "-----BEGIN EC PRIVATE KEY-----\n"
            + "Proc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n"
            + "\n"
            + "AQID\n"
            + "-----END EC PRIVATE KEY-----\n";

    assertThat(PemDocument.parse(pkcs8Encrypted).privateKey()).isEmpty();
    assertThat(PemDocument.parse(legacyEncrypted).privateKey()).isEmpty();
    assertThat(
            PemDocument.parse(
                    legacyEncrypted + block("PRIVATE KEY", SERVER.keys().getPrivate().getEncoded()))
                .privateKey())
        .contains(SERVER.keys().getPrivate());
  }

  /** A damaged block matters only to whoever asks for its kind. */
  @Test
  void blocksAreDecodedOnlyWhenTheirKindIsAskedFor() {
    PemDocument document = PemDocument.parse(block("PUBLIC KEY", new byte[] {0, 0, 0}));

    assertThat(document.privateKey()).isEmpty();
    assertThat(document.certificates()).isEmpty();
    assertThatThrownBy(document::publicKey)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PUBLIC KEY");
    assertThatThrownBy(() -> PemDocument.parse(block("CERTIFICATE", new byte[] {1})).certificates())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CERTIFICATE");
    assertThatThrownBy(
            () -> PemDocument.parse(block("EC PRIVATE KEY", new byte[] {1})).privateKey())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EC PRIVATE KEY");
  }

  @Test
  void brokenFramingIsRefused() {
    assertThatThrownBy(() -> PemDocument.parse("-----BEGIN CERTIFICATE-----\nAQID\n"))
        .hasMessageContaining("no END line");
    assertThatThrownBy(
            () ->
                PemDocument.parse("-----BEGIN CERTIFICATE-----\nAQID\n-----END PUBLIC KEY-----\n"))
        .hasMessageContaining("CERTIFICATE block ends with");
    assertThatThrownBy(
            () -> PemDocument.parse("-----BEGIN PUBLIC KEY-----\nA*ID\n-----END PUBLIC KEY-----"))
        .hasMessageContaining("PUBLIC KEY block is not valid base64");
  }

  @Test
  void textWithoutBlocksHoldsNothing() {
    PemDocument document = PemDocument.parse("not a key");

    assertThat(document.certificates()).isEmpty();
    assertThat(document.privateKey()).isEmpty();
    assertThat(document.publicKey()).isEmpty();
  }

  @Test
  void aFileIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cert.pem");
    Files.writeString(file, block("CERTIFICATE", SERVER.encoded()), StandardCharsets.US_ASCII);

    assertThat(PemDocument.read(file).certificates()).containsExactly(SERVER.certificate());
  }

  static String block(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /** The key's signature verifies with {@code publicKey}: the same key, whatever its encoding. */
  private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws Exception {
    byte[] message = "join".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(publicKey);
    verifier.update(message);
    return verifier.verify(signature);
  }

  private static String openSslPem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}
