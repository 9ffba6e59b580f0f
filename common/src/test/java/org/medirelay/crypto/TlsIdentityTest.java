package org.medirelay.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medirelay.crypto.PemDocumentTest.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsIdentityTest {

  private static final SelfSignedCertificate SERVER =
      SelfSignedCertificate.named("server").generate();
  private static final SelfSignedCertificate ISSUER =
      SelfSignedCertificate.named("issuer").generate();

  @TempDir Path dir;

  @Test
  void theChainAndItsKeyFromTwoPemFiles() throws Exception {
    Path chain =
        write(
            "chain.pem",
            block("CERTIFICATE", SERVER.encoded()) + block("CERTIFICATE", ISSUER.encoded()));
    Path key = write("key.pem", block("PRIVATE KEY", SERVER.keys().getPrivate().getEncoded()));

    TlsIdentity identity = TlsIdentity.read(chain, key);

    assertThat(identity.chain()).containsExactly(SERVER.certificate(), ISSUER.certificate());
    assertThat(identity.privateKey()).isEqualTo(SERVER.keys().getPrivate());
  }

  @Test
  void aMissingOrDamagedHalfIsAnIoErrorNamingTheFile() throws Exception {
    Path chain = write("chain.pem", block("CERTIFICATE", SERVER.encoded()));
    Path key = write("key.pem", block("PRIVATE KEY", SERVER.keys().getPrivate().getEncoded()));
    Path garbage = write("garbage.pem", "not a key");
    Path damaged = write("damaged.pem", block("CERTIFICATE", new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> TlsIdentity.read(garbage, key))
        .isInstanceOf(IOException.class)
        .hasMessage("no certificate in " + garbage);
    assertThatThrownBy(() -> TlsIdentity.read(chain, garbage))
        .isInstanceOf(IOException.class)
        .hasMessage("no unencrypted private key in " + garbage);
    assertThatThrownBy(() -> TlsIdentity.read(damaged, key))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(damaged + ": cannot decode the CERTIFICATE block");
    assertThatThrownBy(() -> TlsIdentity.read(chain, dir.resolve("missing.pem")))
        .isInstanceOf(IOException.class);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
