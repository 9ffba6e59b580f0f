package org.medirelay.token;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import java.security.Key;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JWKS documents (RFC 7517): the app publishes its public join-token keys; media nodes read them.
 */
public final class JsonWebKeySets {

  private JsonWebKeySets() {}

  /**
   * A JWKS JSON document with one entry per key, each with its {@code kid}, {@code use: sig} and
   * {@code alg}.
   */
  public static String toJson(Map<String, ? extends PublicKey> keysById) {
    StringJoiner entries = new StringJoiner(",", "{\"keys\":[", "]}");
    keysById.forEach(
        (kid, key) -> {
          PublicJwk<?> jwk =
              (PublicJwk<?>)
                  Jwks.builder()
                      .key(key)
                      .id(kid)
                      .algorithm(JoinTokens.ALGORITHM)
                      .publicKeyUse("sig")
                      .build();
          entries.add(Jwks.json(jwk));
        });
    return entries.toString();
  }

  /**
   * Public keys by {@code kid} from a JWKS document; entries without a kid or with a private part
   * are ignored.
   */
  public static Map<String, PublicKey> parse(String json) {
    JwkSet set = Jwks.setParser().build().parse(json);
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (Jwk<?> jwk : set.getKeys()) {
      Key key = jwk.toKey();
      if (jwk.getId() != null && key instanceof PublicKey publicKey) {
        keys.put(jwk.getId(), publicKey);
      }
    }
    return Map.copyOf(keys);
  }
}
