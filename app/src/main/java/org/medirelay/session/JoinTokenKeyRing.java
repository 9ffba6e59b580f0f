package org.medirelay.session;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

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
    byte[] publicDer;
    try {
      publicDer = blocks(Files.readString(file)).get("PUBLIC KEY");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JOIN_TOKEN_PREVIOUS_KEY_FILES entry " + file, e);
    }
    if (publicDer == null) {
      throw new IllegalStateException(
          "JOIN_TOKEN_PREVIOUS_KEY_FILES: " + file + " holds no PUBLIC KEY block");
    }
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicDer));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "JOIN_TOKEN_PREVIOUS_KEY_FILES: " + file + " does not hold an EC public key", e);
    }
  }

  /** The DER contents of a PEM text's blocks, by type. */
  private static Map<String, byte[]> blocks(String pem) {
    Map<String, byte[]> found = new HashMap<>();
    Matcher blocks = PEM.matcher(pem);
    while (blocks.find()) {
      found.put(blocks.group(1), Base64.getMimeDecoder().decode(blocks.group(2)));
    }
    return found;
  }

  static KeyPair parse(String pem) {
    Map<String, byte[]> blocks = blocks(pem);
    byte[] privateDer = blocks.get("PRIVATE KEY");
    byte[] publicDer = blocks.get("PUBLIC KEY");
    if (privateDer == null || publicDer == null) {
      throw new IllegalStateException(
          "a join-token key file needs a PRIVATE KEY (PKCS#8) and a PUBLIC KEY block");
    }
    try {
      KeyFactory ec = KeyFactory.getInstance("EC");
      PrivateKey privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
      PublicKey publicKey = ec.generatePublic(new X509EncodedKeySpec(publicDer));
      if (((ECPrivateKey) privateKey).getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalStateException("the join-token key must be an EC P-256 key (ES256)");
      }
      return new KeyPair(publicKey, privateKey);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException(
          "the join-token key file does not hold an EC P-256 key pair", e);
    }
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
