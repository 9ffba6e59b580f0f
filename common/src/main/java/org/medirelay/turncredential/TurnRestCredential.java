package org.medirelay.turncredential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in the "TURN REST API" scheme that coturn's {@code use-auth-secret}
 * accepts: the username is {@code <expiry unix seconds>:<userId>}, the password {@code
 * base64(HMAC-SHA1(secret, username))}. The app issues them; the TURN server recomputes the
 * password from the shared secret, so neither stores per-user state.
 *
 * @param username {@code expiry:userId}
 * @param password the HMAC of the username
 * @param expiresAt when the TURN server stops accepting the username
 */
public record TurnRestCredential(String username, String password, Instant expiresAt) {

  /**
   * Issues a credential for {@code userId} that the TURN server accepts until {@code expiresAt}.
   */
  public static TurnRestCredential issue(String secret, String userId, Instant expiresAt) {
    if (userId.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a TURN user id must not contain ':'");
    }
    String username = expiresAt.getEpochSecond() + ":" + userId;
    return new TurnRestCredential(username, passwordFor(secret, username), expiresAt);
  }

  /** The password the holder of {@code secret} derives for {@code username}. */
  public static String passwordFor(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }

  /**
   * The expiry encoded in a REST username, or empty when the username is not of that form or its
   * expiry is not a time ({@code 9000000000000000000:x} lies beyond {@link Instant#MAX}).
   */
  public static Optional<Instant> expiryOf(String username) {
    int colon = username.indexOf(':');
    String seconds = colon < 0 ? username : username.substring(0, colon);
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(seconds)));
    } catch (NumberFormatException | DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * True when {@code password} is the one {@code secret} derives for {@code username}; compared in
   * constant time.
   */
  public static boolean matches(String secret, String username, String password) {
    return MessageDigest.isEqual(
        passwordFor(secret, username).getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8));
  }
}
