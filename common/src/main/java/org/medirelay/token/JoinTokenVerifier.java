package org.medirelay.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import org.medirelay.token.InvalidJoinTokenException.Reason;

/**
 * Verifies join tokens the same way everywhere: ES256 only (so {@code alg: none} and HMAC tricks
 * fail), a key found by {@code kid}, the expected issuer and audience, the time window, and the
 * session the holder is trying to open.
 *
 * <p>Built once per verifier side and thread-safe, as jjwt's parser is.
 */
public final class JoinTokenVerifier {

  private final JwtParser parser;

  /**
   * @param keys where public keys are found by {@code kid}
   * @param issuer the only issuer accepted
   * @param clock time source, injected so expiry is testable
   * @param allowedSkew tolerance for clocks that differ between the app and a media node
   */
  public JoinTokenVerifier(JoinTokenKeys keys, String issuer, Clock clock, Duration allowedSkew) {
    Objects.requireNonNull(keys, "keys");
    this.parser =
        Jwts.parser()
            .keyLocator(new KidLocator(keys))
            .requireIssuer(Objects.requireNonNull(issuer, "issuer"))
            .requireAudience(JoinTokens.AUDIENCE)
            .clock(() -> Date.from(clock.instant()))
            .clockSkewSeconds(allowedSkew.toSeconds())
            .build();
  }

  /**
   * Returns the token's claims if it is valid for {@code sessionId}.
   *
   * @throws InvalidJoinTokenException with a {@link Reason} the caller can show to the user
   */
  public JoinTokenClaims verify(String token, String sessionId) throws InvalidJoinTokenException {
    if (token == null || token.isBlank()) {
      throw new InvalidJoinTokenException(Reason.MISSING, "no token");
    }
    JoinTokenClaims claims = parse(token.strip());
    if (!claims.sessionId().equals(sessionId)) {
      throw new InvalidJoinTokenException(
          Reason.WRONG_SESSION,
          "token is for session " + claims.sessionId() + ", not " + sessionId);
    }
    return claims;
  }

  private JoinTokenClaims parse(String token) throws InvalidJoinTokenException {
    Claims jwt;
    try {
      jwt = parser.parseSignedClaims(token).getPayload();
    } catch (UnknownKeyException e) {
      throw new InvalidJoinTokenException(Reason.UNKNOWN_KEY, e.getMessage(), e);
    } catch (ExpiredJwtException e) {
      throw new InvalidJoinTokenException(Reason.EXPIRED, e.getMessage(), e);
    } catch (PrematureJwtException e) {
      throw new InvalidJoinTokenException(Reason.NOT_YET_VALID, e.getMessage(), e);
    } catch (SignatureException e) {
      throw new InvalidJoinTokenException(Reason.BAD_SIGNATURE, e.getMessage(), e);
    } catch (IncorrectClaimException | MissingClaimException e) {
      Reason reason =
          Claims.ISSUER.equals(e.getClaimName()) ? Reason.WRONG_ISSUER : Reason.WRONG_AUDIENCE;
      throw new InvalidJoinTokenException(reason, e.getMessage(), e);
    } catch (UnsupportedJwtException e) {
      throw new InvalidJoinTokenException(Reason.UNSUPPORTED_ALGORITHM, e.getMessage(), e);
    } catch (JwtException | IllegalArgumentException e) {
      throw new InvalidJoinTokenException(Reason.MALFORMED, e.getMessage(), e);
    }
    try {
      return JoinTokens.fromJwt(jwt);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidJoinTokenException(
          Reason.MALFORMED, "incomplete claims: " + e.getMessage(), e);
    }
  }

  /** Picks the key by {@code kid} and pins the algorithm before jjwt checks any signature. */
  private static final class KidLocator extends LocatorAdapter<Key> {
    private final JoinTokenKeys keys;

    KidLocator(JoinTokenKeys keys) {
      this.keys = keys;
    }

    @Override
    protected Key locate(JwsHeader header) {
      if (!JoinTokens.ALGORITHM.equals(header.getAlgorithm())) {
        throw new UnsupportedJwtException(
            "algorithm " + header.getAlgorithm() + " is not accepted");
      }
      String kid = header.getKeyId();
      if (kid == null || kid.isBlank()) {
        throw new UnknownKeyException("token has no kid");
      }
      return keys.find(kid).orElseThrow(() -> new UnknownKeyException("no key with kid " + kid));
    }

    @Override
    protected Key doLocate(Header header) {
      throw new UnsupportedJwtException("only signed tokens are accepted");
    }
  }

  private static final class UnknownKeyException extends JwtException {
    UnknownKeyException(String message) {
      super(message);
    }
  }
}
