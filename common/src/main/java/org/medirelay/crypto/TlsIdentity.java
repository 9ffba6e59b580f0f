package org.medirelay.crypto;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a TLS server presents: its certificate chain and the private key of the first certificate,
 * as an operator gives them, in two PEM files.
 *
 * @param chain the certificates, the server's own first
 * @param privateKey its private key
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {

  public TlsIdentity {
    chain = List.copyOf(chain);
  }

  /**
   * Reads the chain and the key; a file without a certificate, without an unencrypted key, or with
   * a block that does not decode is an {@link IOException} naming the file.
   */
  public static TlsIdentity read(Path certificateChain, Path privateKey) throws IOException {
    List<X509Certificate> chain;
    try {
      chain = PemDocument.read(certificateChain).certificates();
    } catch (IllegalArgumentException e) {
      throw new IOException(certificateChain + ": " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException("no certificate in " + certificateChain);
    }
    try {
      return new TlsIdentity(
          chain,
          PemDocument.read(privateKey)
              .privateKey()
              .orElseThrow(() -> new IOException("no unencrypted private key in " + privateKey)));
    } catch (IllegalArgumentException e) {
      throw new IOException(privateKey + ": " + e.getMessage(), e);
    }
  }
}
