package org.medirelay.turn.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.medirelay.turn.stun.PasswordAlgorithm;

/**
 * The long-term credential key (RFC 8489 §9.2.2): the digest of {@code username ":" realm ":"
 * password} with MD5, or with SHA-256 when the client chose it through PASSWORD-ALGORITHM. (The
 * SASLprep/OpaqueString step is the identity for the ASCII names and passwords TURN deployments
 * use.)
 */
public final class LongTermKeys {

  private LongTermKeys() {}

  public static byte[] derive(
      PasswordAlgorithm algorithm, String username, String realm, String password) {
    try {
      return MessageDigest.getInstance(algorithm.digestName())
          .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm.digestName() + " is part of every JDK", e);
    }
  }
}
