package org.medirelay.turn.auth;

import org.medirelay.turn.stun.IntegrityAlgorithm;

/**
 * What authentication of a request found: a user with the key to sign the answer, or the error to
 * send.
 */
public sealed interface AuthResult {

  /** The request carries a valid MAC from {@code username}. */
  record Authenticated(String username, byte[] key, IntegrityAlgorithm algorithm)
      implements AuthResult {}

  /**
   * The request fails with {@code errorCode} (400, 401 or 438); 401 and 438 carry a fresh REALM and
   * NONCE.
   */
  record Rejected(int errorCode, String reason) implements AuthResult {}
}
