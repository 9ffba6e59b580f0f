package org.medirelay.turn.auth;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.IntegrityAlgorithm;
import org.medirelay.turn.stun.MessageIntegrity;
import org.medirelay.turn.stun.NonceAttribute;
import org.medirelay.turn.stun.PasswordAlgorithm;
import org.medirelay.turn.stun.PasswordAlgorithmAttribute;
import org.medirelay.turn.stun.PasswordAlgorithmsAttribute;
import org.medirelay.turn.stun.RealmAttribute;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.UsernameAttribute;

/**
 * Long-term credential checks for a TURN request (RFC 8489 §9.2.4), in the RFC's order: no
 * integrity → 401; missing USERNAME, REALM or NONCE → 400; bad or stale nonce → 438; inconsistent
 * PASSWORD-ALGORITHM(S) → 400; unknown user or wrong MAC → 401. MESSAGE-INTEGRITY-SHA256 is checked
 * when present, otherwise MESSAGE-INTEGRITY.
 */
public final class Authenticator {

  /** The algorithms this server offers in PASSWORD-ALGORITHMS, in order of preference. */
  public static final List<PasswordAlgorithm> OFFERED =
      List.of(PasswordAlgorithm.SHA256, PasswordAlgorithm.MD5);

  /** Says neither that the user is unknown nor that the password is wrong: both look the same. */
  static final String WRONG_CREDENTIALS = "wrong username or password";

  private final CredentialStore credentials;
  private final NonceService nonces;

  public Authenticator(CredentialStore credentials, NonceService nonces) {
    this.credentials = credentials;
    this.nonces = nonces;
  }

  public String realm() {
    return credentials.realm();
  }

  public String newNonce(InetAddress client, Instant now) {
    return nonces.issue(client.getAddress(), now.getEpochSecond());
  }

  public AuthResult authenticate(StunMessage request, InetAddress client, Instant now) {
    IntegrityAlgorithm integrity = request.integrityAlgorithm();
    if (integrity == null) {
      return new AuthResult.Rejected(ErrorCodeAttribute.UNAUTHORIZED, "Unauthorized");
    }
    Optional<UsernameAttribute> username = request.get(UsernameAttribute.class);
    Optional<RealmAttribute> realm = request.get(RealmAttribute.class);
    Optional<NonceAttribute> nonce = request.get(NonceAttribute.class);
    if (username.isEmpty() || realm.isEmpty() || nonce.isEmpty()) {
      return new AuthResult.Rejected(
          ErrorCodeAttribute.BAD_REQUEST, "USERNAME, REALM and NONCE are required");
    }
    NonceService.Check check =
        nonces.check(nonce.get().value(), client.getAddress(), now.getEpochSecond());
    if (check != NonceService.Check.VALID) {
      return new AuthResult.Rejected(ErrorCodeAttribute.STALE_NONCE, "Stale Nonce");
    }
    Optional<PasswordAlgorithm> algorithm = passwordAlgorithm(request);
    if (algorithm.isEmpty()) {
      return new AuthResult.Rejected(
          ErrorCodeAttribute.BAD_REQUEST, "PASSWORD-ALGORITHM does not match the offer");
    }
    if (!realm.get().value().equals(credentials.realm())) {
      return new AuthResult.Rejected(ErrorCodeAttribute.UNAUTHORIZED, "Unauthorized: wrong realm");
    }
    String user = username.get().value();
    List<byte[]> keys = credentials.candidateKeys(user, algorithm.get(), now);
    for (byte[] key : keys) {
      if (MessageIntegrity.verify(request, integrity, key)) {
        return new AuthResult.Authenticated(user, key, integrity);
      }
    }
    String why = keys.isEmpty() ? credentials.whyNoKey(user, now) : WRONG_CREDENTIALS;
    return new AuthResult.Rejected(ErrorCodeAttribute.UNAUTHORIZED, "Unauthorized: " + why);
  }

  /**
   * RFC 8489 §9.2.4: with neither attribute the client uses MD5; otherwise it must echo our
   * PASSWORD-ALGORITHMS unchanged and pick one of them.
   */
  private static Optional<PasswordAlgorithm> passwordAlgorithm(StunMessage request) {
    Optional<PasswordAlgorithmsAttribute> offered = request.get(PasswordAlgorithmsAttribute.class);
    Optional<PasswordAlgorithmAttribute> chosen = request.get(PasswordAlgorithmAttribute.class);
    if (offered.isEmpty() && chosen.isEmpty()) {
      return Optional.of(PasswordAlgorithm.MD5);
    }
    if (offered.isEmpty() || chosen.isEmpty()) {
      return Optional.empty();
    }
    if (!offered.get().equals(PasswordAlgorithmsAttribute.of(OFFERED))
        || !offered.get().codes().contains(chosen.get().code())) {
      return Optional.empty();
    }
    return PasswordAlgorithm.ofCode(chosen.get().code());
  }
}
