package org.medirelay.session;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.medirelay.crypto.PemDocument;
import org.medirelay.store.DataDirectory;
import org.medirelay.token.JoinTokenKeys;
import org.medirelay.token.JsonWebKeySets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The app's ES256 join-token key: from JOIN_TOKEN_KEY_FILE in production, otherwise generated at
 * first start into {@code DATA_DIR/keys/join-token-es256.pem}. The file holds a PKCS#8 "PRIVATE
 * KEY" and an X.509 "PUBLIC KEY" block; the {@code kid} is the key's RFC 7638 thumbprint, so it
 * changes exactly when the key does. Verifiers only ever see the public half, through the JWKS.
 * Keys used before (JOIN_TOKEN_PREVIOUS_KEY_FILES) stay published and accepted, so a key change
 * does not break links issued under the old key before they expire.
 */
@Component
public class JoinTokenKeyRing implements JoinTokenKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JoinTokenKeyRing.class);
  private static final String GENERATED_FILE = "keys/join-token-es256.pem";

  private final PrivateKey privateKey;
  private final String keyId;

  /**
   * Every public key a valid join token may be signed with, by kid: the current one and the
   * previous ones.
   */
  private final Map<String, PublicKey> verificationKeys;

  private final String jwks;

  public JoinTokenKeyRing(JoinTokenKeySettings settings, DataDirectory data) {
    KeyPair pair;
    if (!settings.joinTokenKeyFile().isBlank()) {
      Path file = Path.of(settings.joinTokenKeyFile());
      pair = read(file);
      LOG.info("Join-token key loaded from {}", file);
    } else {
      pair =
          data.readSecret(GENERATED_FILE)
              .map(JoinTokenKeyRing::parse)
              .orElseGet(
                  () -> {
                    KeyPair generated = Jwts.SIG.ES256.keyPair().build();
                    data.writeSecret(GENERATED_FILE, pem(generated));
                    LOG.info(
                        "Generated a join-token key in {} (set JOIN_TOKEN_KEY_FILE in production)",
                        data.resolve(GENERATED_FILE));
                    return generated;
                  });
    }
    this.privateKey = pair.getPrivate();
    this.keyId = thumbprint(pair.getPublic());
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    keys.put(keyId, pair.getPublic());
    for (String previous : settings.joinTokenPreviousKeyFiles()) {
      PublicKey old = readPublic(Path.of(previous));
      keys.putIfAbsent(thumbprint(old), old);
    }
    if (keys.size() > 1) {
      LOG.info("Join tokens signed with {} previous key(s) are still accepted", keys.size() - 1);
    }
    this.verificationKeys = Map.copyOf(keys);
    this.jwks = JsonWebKeySets.toJson(keys);
  }

  /** The kid: the key's RFC 7638 thumbprint. */
  private static String thumbprint(PublicKey key) {
    return Jwks.builder().key((ECPublicKey) key).idFromThumbprint().build().getId();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public String keyId() {
    return keyId;
  }

  /** The JWKS document served at /.well-known/jwks.json. */
  public String jwks() {
    return jwks;
  }

  @Override
  public Optional<PublicKey> find(String kid) {
    return Optional.ofNullable(kid).map(verificationKeys::get);
  }

  private static KeyPair read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JOIN_TOKEN_KEY_FILE " + file, e);
    }
  }

  /** A previous key's public half. */
  private static PublicKey readPublic(Path file) {
    PublicKey publicKey;
    try {
      publicKey =
          PemDocument.read(file)
              .publicKey()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "JOIN_TOKEN_PREVIOUS_KEY_FILES: " + file + " holds no PUBLIC KEY block"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JOIN_TOKEN_PREVIOUS_KEY_FILES entry " + file, e);
    } catch (IllegalArgumentException e) {
      throw notAnEcPublicKey(file, e);
    }
    if (!(publicKey instanceof ECPublicKey)) {
      throw notAnEcPublicKey(file, null);
    }
    return publicKey;
  }

  private static IllegalStateException notAnEcPublicKey(Path file, Exception cause) {
    return new IllegalStateException(
        "JOIN_TOKEN_PREVIOUS_KEY_FILES: " + file + " does not hold an EC public key", cause);
  }

  static KeyPair parse(String pem) {
    try {
      PemDocument document = PemDocument.parse(pem);
      PrivateKey privateKey = document.privateKey().orElseThrow(JoinTokenKeyRing::missingHalf);
      PublicKey publicKey = document.publicKey().orElseThrow(JoinTokenKeyRing::missingHalf);
      if (!(privateKey instanceof ECPrivateKey ec) || !(publicKey instanceof ECPublicKey)) {
        throw notAnEcKeyPair(null);
      }
      if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalStateException("the join-token key must be an EC P-256 key (ES256)");
      }
      return new KeyPair(publicKey, privateKey);
    } catch (IllegalArgumentException e) {
      throw notAnEcKeyPair(e);
    }
  }

  private static IllegalStateException missingHalf() {
    return new IllegalStateException(
        "a join-token key file needs a PRIVATE KEY (PKCS#8) and a PUBLIC KEY block");
  }

  private static IllegalStateException notAnEcKeyPair(Exception cause) {
    return new IllegalStateException(
        "the join-token key file does not hold an EC P-256 key pair", cause);
  }

  static String pem(KeyPair pair) {
    return block("PRIVATE KEY", pair.getPrivate().getEncoded())
        + block("PUBLIC KEY", pair.getPublic().getEncoded());
  }

  private static String block(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
