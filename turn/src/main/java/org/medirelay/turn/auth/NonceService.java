package org.medirelay.turn.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces: {@code obMatJos2gAAA} (RFC 8489 §9.2: the nonce cookie announcing the
 * password-algorithms feature), the expiry in hex seconds, then a MAC over expiry and client IP
 * keyed by a random server key. The server stores nothing per client, a nonce only works for the
 * address it was given to, and an old one is stale (438).
 */
public final class NonceService {

  /** Outcome of checking a nonce. */
  public enum Check {
    VALID,
    STALE,
    INVALID
  }

  static final String COOKIE_WITH_PASSWORD_ALGORITHMS = "obMatJos2gAAA";
  private static final int MAC_BYTES = 12;

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final long lifetimeSeconds;

  /**
   * Keyed once per thread: doFinal resets a Mac for the next nonce, so a nonce costs no JCA lookup
   * or key setup.
   */
  private final ThreadLocal<Mac> macs;

  public NonceService(long lifetimeSeconds) {
    this(randomKey(), lifetimeSeconds);
  }

  NonceService(byte[] serverKey, long lifetimeSeconds) {
    byte[] key = serverKey.clone();
    this.lifetimeSeconds = lifetimeSeconds;
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
              }
            });
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  public String issue(byte[] clientIp, long nowSeconds) {
    long expiry = nowSeconds + lifetimeSeconds;
    String expiryHex = HexFormat.of().toHexDigits(expiry).substring(16 - 10);
    return COOKIE_WITH_PASSWORD_ALGORITHMS + expiryHex + mac(expiryHex, clientIp);
  }

  public Check check(String nonce, byte[] clientIp, long nowSeconds) {
    int prefix = COOKIE_WITH_PASSWORD_ALGORITHMS.length();
    if (nonce.length() != prefix + 10 + 16 || !nonce.startsWith(COOKIE_WITH_PASSWORD_ALGORITHMS)) {
      return Check.INVALID;
    }
    String expiryHex = nonce.substring(prefix, prefix + 10);
    byte[] expected = mac(expiryHex, clientIp).getBytes(StandardCharsets.US_ASCII);
    byte[] received = nonce.substring(prefix + 10).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, received)) {
      return Check.INVALID;
    }
    long expiry;
    try {
      expiry = Long.parseLong(expiryHex, 16);
    } catch (NumberFormatException e) {
      return Check.INVALID;
    }
    return nowSeconds < expiry ? Check.VALID : Check.STALE;
  }

  /**
   * True when the nonce announces the RFC 8489 password-algorithms feature (all nonces of this
   * server do).
   */
  public static boolean announcesPasswordAlgorithms(String nonce) {
    return nonce.startsWith(COOKIE_WITH_PASSWORD_ALGORITHMS);
  }

  private String mac(String expiryHex, byte[] clientIp) {
    Mac mac = macs.get();
    mac.update(expiryHex.getBytes(StandardCharsets.US_ASCII));
    mac.update(clientIp);
    return BASE64.encodeToString(Arrays.copyOf(mac.doFinal(), MAC_BYTES));
  }
}
