package org.medirelay.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The join token's wire form: which JWT claim carries which field of {@link JoinTokenClaims}, and
 * the one signing algorithm we accept. The issuer signs with {@link #sign}; verifiers use {@link
 * JoinTokenVerifier}, which reads claims back with {@link #fromJwt}, so the mapping lives here
 * only.
 */
public final class JoinTokens {

  /** The audience every join token is issued for: media nodes and the join page. */
  public static final String AUDIENCE = "medirelay-media";

  /**
   * The only signature algorithm issued and accepted (JOSE name). ES256 keeps keys small and
   * verification fast.
   */
  public static final String ALGORITHM = "ES256";

  static final String CLAIM_NAME = "name";
  static final String CLAIM_ROLE = "role";
  static final String CLAIM_SESSION = "sid";
  static final String CLAIM_NODE = "node";
  static final String CLAIM_GRANTS = "grants";

  private JoinTokens() {}

  /**
   * Signs {@code claims} with an EC P-256 private key; {@code keyId} goes into the {@code kid}
   * header.
   */
  public static String sign(JoinTokenClaims claims, PrivateKey key, String keyId) {
    List<String> grants = claims.grants().stream().map(Grant::claimValue).sorted().toList();
    return Jwts.builder()
        .header()
        .keyId(keyId)
        .and()
        .issuer(claims.issuer())
        .audience()
        .add(claims.audience())
        .and()
        .subject(claims.userId())
        .claim(CLAIM_NAME, claims.displayName())
        .claim(CLAIM_ROLE, claims.role().claimValue())
        .claim(CLAIM_SESSION, claims.sessionId())
        .claim(CLAIM_NODE, claims.mediaNode())
        .claim(CLAIM_GRANTS, grants)
        .issuedAt(Date.from(claims.issuedAt()))
        .notBefore(Date.from(claims.notBefore()))
        .expiration(Date.from(claims.expiresAt()))
        .id(claims.tokenId())
        .signWith(key, Jwts.SIG.ES256)
        .compact();
  }

  /**
   * Reads verified JWT claims into {@link JoinTokenClaims}; throws IllegalArgumentException on a
   * missing field.
   */
  static JoinTokenClaims fromJwt(Claims jwt) {
    Set<String> audiences = jwt.getAudience();
    return new JoinTokenClaims(
        jwt.getIssuer(),
        audiences == null || audiences.isEmpty() ? null : audiences.iterator().next(),
        jwt.getSubject(),
        jwt.get(CLAIM_NAME, String.class),
        ParticipantRole.fromClaim(required(jwt, CLAIM_ROLE)),
        required(jwt, CLAIM_SESSION),
        jwt.get(CLAIM_NODE, String.class),
        grants(jwt.get(CLAIM_GRANTS, Collection.class)),
        instant(jwt.getIssuedAt()),
        instant(jwt.getNotBefore()),
        instant(jwt.getExpiration()),
        jwt.getId());
  }

  private static String required(Claims jwt, String name) {
    String value = jwt.get(name, String.class);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("claim '" + name + "' is missing");
    }
    return value;
  }

  private static Set<Grant> grants(Collection<?> values) {
    Set<Grant> grants = EnumSet.noneOf(Grant.class);
    if (values != null) {
      for (Object value : values) {
        grants.add(Grant.fromClaim(String.valueOf(value)));
      }
    }
    return grants;
  }

  private static Instant instant(Date date) {
    if (date == null) {
      throw new IllegalArgumentException("a time claim is missing");
    }
    return date.toInstant();
  }
}
