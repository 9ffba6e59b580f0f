package org.medirelay.turn.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.medirelay.turn.stun.PasswordAlgorithm;
import org.medirelay.turncredential.TurnRestCredential;

/**
 * Where the keys of long-term credentials come from: static users ({@code --user name:password}, or
 * {@code name:0x<hex MD5 key>} as coturn's turnadmin prints it) and the TURN REST scheme ({@code
 * --use-auth-secret} with one or more {@code --static-auth-secret}s, several at once so a secret
 * can be rotated).
 */
public final class CredentialStore {

  /** {@code <digits>:<anything>}: a REST username, whatever its number. */
  private static final Pattern REST_SHAPED = Pattern.compile("(?s)-?[0-9]+(:.*)?");

  private final String realm;

  /** Static users' keys by algorithm, derived once: a request then costs no digest for them. */
  private final Map<PasswordAlgorithm, Map<String, byte[]>> staticKeys =
      new EnumMap<>(PasswordAlgorithm.class);

  private final List<String> restSecrets;

  public CredentialStore(String realm, Map<String, String> users, List<String> restSecrets) {
    this.realm = realm;
    this.restSecrets = List.copyOf(restSecrets);
    for (PasswordAlgorithm algorithm : PasswordAlgorithm.values()) {
      Map<String, byte[]> keys = new HashMap<>();
      users.forEach(
          (username, password) -> {
            if (password.startsWith("0x") && algorithm == PasswordAlgorithm.MD5) {
              keys.put(username, HexFormat.of().parseHex(password.substring(2)));
            } else if (!password.startsWith("0x")) {
              keys.put(username, LongTermKeys.derive(algorithm, username, realm, password));
            }
          });
      staticKeys.put(algorithm, Map.copyOf(keys));
    }
  }

  public String realm() {
    return realm;
  }

  /**
   * The keys that may have signed a request from {@code username}: one for a static user, one per
   * secret for a REST username that has not expired, none otherwise. The caller tries each against
   * the MAC.
   */
  public List<byte[]> candidateKeys(String username, PasswordAlgorithm algorithm, Instant now) {
    List<byte[]> keys = new ArrayList<>(1);
    byte[] staticKey = staticKeys.get(algorithm).get(username);
    if (staticKey != null) {
      keys.add(staticKey.clone());
    }
    if (!restSecrets.isEmpty()) {
      boolean live = TurnRestCredential.expiryOf(username).map(now::isBefore).orElse(false);
      if (live) {
        for (String secret : restSecrets) {
          keys.add(
              LongTermKeys.derive(
                  algorithm, username, realm, TurnRestCredential.passwordFor(secret, username)));
        }
      }
    }
    return keys;
  }

  /**
   * Why {@code username} has no key at {@code now}, in words fit for the client and the log: what
   * is wrong with a REST username's expiry, else nothing that tells an unknown user from a wrong
   * password.
   */
  public String whyNoKey(String username, Instant now) {
    if (!restSecrets.isEmpty()) {
      Optional<Instant> expiry = TurnRestCredential.expiryOf(username);
      if (expiry.isPresent() && !now.isBefore(expiry.get())) {
        return "the credential has expired";
      }
      if (expiry.isEmpty() && REST_SHAPED.matcher(username).matches()) {
        return "the username's expiry is out of range";
      }
    }
    return Authenticator.WRONG_CREDENTIALS;
  }
}
