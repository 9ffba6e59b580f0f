package org.medirelay.account;

import java.time.Clock;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.medirelay.problem.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates accounts and checks passwords; the only place that touches password hashes. */
@Service
public class AccountService {

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final Clock clock;

  /**
   * Hashed once so that a login for an unknown email costs as much as one for a known email (no
   * user enumeration).
   */
  private final String dummyHash;

  public AccountService(UserRepository users, PasswordEncoder passwords, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.clock = clock;
    this.dummyHash = passwords.encode("medirelay-timing-equaliser");
  }

  /**
   * Registers a patient or doctor; 409 when the email is taken (also when two registrations race).
   */
  public User register(String name, String email, String password, Role role) {
    if (role == Role.ADMIN) {
      throw ApiException.forbidden(
          "Administrator accounts come from the server's configuration, not from registration.");
    }
    User user =
        new User(
            new ObjectId().toHexString(),
            name.strip(),
            Emails.normalize(email),
            passwords.encode(password),
            role,
            clock.instant());
    try {
      return users.insert(user);
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("An account with this email already exists.");
    }
  }

  /** The user when the password is right; empty otherwise, with the same cost either way. */
  public Optional<User> authenticate(String email, String password) {
    Optional<User> user = users.findByEmail(Emails.normalize(email));
    if (user.isEmpty()) {
      passwords.matches(password, dummyHash);
      return Optional.empty();
    }
    return passwords.matches(password, user.get().passwordHash()) ? user : Optional.empty();
  }

  /**
   * Creates the account with this role or resets its password; used for the configured
   * administrator and the dev-mode demo accounts, never reachable from the HTTP API. Returns
   * whether an account was created.
   */
  public boolean ensureAccount(String name, String email, String password, Role role) {
    String normalized = Emails.normalize(email);
    Optional<User> existing = users.findByEmail(normalized);
    if (existing.isPresent()) {
      User user = existing.get();
      if (user.role() != role) {
        throw new IllegalStateException(
            "the account " + normalized + " exists with role " + user.role().json());
      }
      if (!passwords.matches(password, user.passwordHash())) {
        users.save(user.withPasswordHash(passwords.encode(password)));
      }
      return false;
    }
    users.insert(
        new User(
            new ObjectId().toHexString(),
            name,
            normalized,
            passwords.encode(password),
            role,
            clock.instant()));
    return true;
  }

  public Optional<User> find(String id) {
    return users.findById(id);
  }
}
