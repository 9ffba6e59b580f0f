package org.medirelay.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.io.Encoders;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.medirelay.account.Role;
import org.medirelay.account.User;
import org.medirelay.store.DataDirectory;
import org.springframework.stereotype.Component;

/**
 * Access tokens for the API: HS256 JWTs that only this app issues and reads. Their key is
 * deliberately not the join tokens' key (an access token must never open a video session, nor a
 * join token the API), and their issuer and audience differ too. The key comes from
 * ACCESS_TOKEN_SECRET or is generated at first start into the data folder.
 */
@Component
public class AccessTokens {

  static final String ISSUER = "medirelay-app";
  static final String AUDIENCE = "medirelay-api";
  private static final String KEY_FILE = "keys/access-token.key";

  private final SecretKey key;
  private final JwtParser parser;
  private final Clock clock;
  private final Duration ttl;

  public AccessTokens(AccessTokenSettings settings, DataDirectory data, Clock clock) {
    this.key = Keys.hmacShaKeyFor(Decoders.BASE64.decode(secret(settings, data)));
    this.clock = clock;
    this.ttl = settings.accessTokenTtl();
    this.parser =
        Jwts.parser()
            .verifyWith(key)
            .requireIssuer(ISSUER)
            .requireAudience(AUDIENCE)
            .clock(() -> Date.from(clock.instant()))
            .build();
  }

  private static String secret(AccessTokenSettings settings, DataDirectory data) {
    if (!settings.accessTokenSecret().isBlank()) {
      return settings.accessTokenSecret().strip();
    }
    return data.readSecret(KEY_FILE)
        .map(String::strip)
        .orElseGet(
            () -> {
              String generated = Encoders.BASE64.encode(Jwts.SIG.HS256.key().build().getEncoded());
              data.writeSecret(KEY_FILE, generated);
              return generated;
            });
  }

  public Duration ttl() {
    return ttl;
  }

  public String issue(User user) {
    Instant now = clock.instant();
    return Jwts.builder()
        .issuer(ISSUER)
        .audience()
        .add(AUDIENCE)
        .and()
        .subject(user.id())
        .claim("name", user.name())
        .claim("email", user.email())
        .claim("role", user.role().json())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .id(UUID.randomUUID().toString())
        .signWith(key, Jwts.SIG.HS256)
        .compact();
  }

  /** The user a valid token names; empty for anything forged, expired, unsigned or malformed. */
  public Optional<CurrentUser> verify(String token) {
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      return Optional.of(
          new CurrentUser(
              claims.getSubject(),
              claims.get("name", String.class),
              claims.get("email", String.class),
              Role.fromJson(claims.get("role", String.class))));
    } catch (JwtException | IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
