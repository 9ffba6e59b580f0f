package org.medirelay.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Client puzzles (hashcash): a challenge the server signs, and a nonce the client finds such that
 * SHA-256({@code challenge + ":" + nonce}) starts with {@code bits} zero bits, about 2^bits hashes
 * of work. A person signing in pays it once, in a second or two of their browser's time; someone
 * trying thousands of passwords pays it thousands of times. A challenge names the address it was
 * issued to, expires after {@link #LIFETIME} and is accepted once, by whichever instance of the app
 * gets it: the key is every instance's, and {@link FirstUse} remembers accepted challenges for all.
 *
 * <pre>
 *   challenge = random "." expiry (epoch s) "." bits "." HMAC-SHA256(random.expiry.bits|address)
 * </pre>
 */
final class ProofOfWork {

  static final Duration LIFETIME = Duration.ofMinutes(2);
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  record Challenge(String value, int bits) {}

  /**
   * Remembers accepted challenges until they expire, so that one solution opens one attempt: true
   * the first time a challenge is claimed.
   */
  interface FirstUse {
    boolean claim(String challenge, Instant expiry);
  }

  private final Clock clock;
  private final SecretKey key;
  private final FirstUse firstUse;
  private final SecureRandom random = new SecureRandom();

  /**
   * {@code key}: an HMAC-SHA256 key every instance of the app shares, so that a challenge one
   * issued is accepted by the one the next request reaches.
   */
  ProofOfWork(Clock clock, SecretKey key, FirstUse firstUse) {
    this.clock = clock;
    this.key = key;
    this.firstUse = firstUse;
  }

  Challenge issue(String address, int bits) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    String payload = BASE64.encodeToString(nonce) + "." + expiry + "." + bits;
    return new Challenge(payload + "." + mac(payload, address), bits);
  }

  /** Whether {@code nonce} solves this challenge, issued to this address, unexpired and unused. */
  boolean accepts(String challenge, String nonce, String address) {
    // -1: a trailing dot is a fifth, empty part, not dropped (else "challenge." would pass as a new
    // challenge with the same signature, again and again).
    String[] parts = challenge.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    String payload = parts[0] + "." + parts[1] + "." + parts[2];
    byte[] expected = mac(payload, address).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    Instant expiry = Instant.ofEpochSecond(Long.parseLong(parts[1]));
    Instant now = clock.instant();
    if (!expiry.isAfter(now) || zeroBits(sha256(challenge + ":" + nonce)) < bits(parts[2])) {
      return false;
    }
    return firstUse.claim(challenge, expiry);
  }

  static int zeroBits(byte[] hash) {
    int bits = 0;
    for (byte b : hash) {
      if (b != 0) {
        return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
      }
      bits += 8;
    }
    return bits;
  }

  private static int bits(String text) {
    return Integer.parseInt(text);
  }

  private String mac(String payload, String address) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(key);
      return BASE64.encodeToString(
          hmac.doFinal((payload + "|" + address).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
