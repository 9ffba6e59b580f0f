package org.medirelay.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.io.Encoders;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.medirelay.account.AccountService;
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
  private static final String GENERATION = "gen";
  private static final String KEY_FILE = "keys/access-token.key";

  private final SecretKey key;
  private final JwtParser parser;
  private final Clock clock;
  private final Duration ttl;
  private final AccountService accounts;

  public AccessTokens(
      AccessTokenSettings settings, DataDirectory data, Clock clock, AccountService accounts) {
    this.accounts = accounts;
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

  /**
   * A key for another purpose (the sign-in proofs of work), derived from this one (HMAC-SHA256(key,
   * purpose)): every instance of the app has it without another secret to share, and it reveals
   * nothing of the access-token key.
   */
  SecretKey derivedKey(String purpose) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      return new SecretKeySpec(
          hmac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
        .claim(GENERATION, user.tokenGeneration())
        .issuedAt(Date.from(now))
        .expiration(Date.from(now.plus(ttl)))
        .id(UUID.randomUUID().toString())
        .signWith(key, Jwts.SIG.HS256)
        .compact();
  }

  /**
   * The user a valid token names; empty for anything forged, expired, unsigned or malformed, and
   * for a token of an account that has since been disabled or deleted. The account is read on each
   * request for that (a signature cannot be taken back), and name and role come from it, so an
   * administrator's change applies at once.
   */
  public Optional<CurrentUser> verify(String token) {
    String subject;
    Integer generation;
    try {
      Claims claims = parser.parseSignedClaims(token).getPayload();
      subject = claims.getSubject();
      generation = claims.get(GENERATION, Integer.class);
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (subject == null || generation == null) {
      return Optional.empty();
    }
    return accounts
        .find(subject)
        .filter(user -> !user.disabled())
        .filter(user -> generation.intValue() == user.tokenGeneration())
        .map(user -> new CurrentUser(user.id(), user.name(), user.email(), user.role()));
  }
}
