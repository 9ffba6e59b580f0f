package org.medirelay.account;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.types.ObjectId;
import org.medirelay.mail.Mail;
import org.medirelay.mail.OutboundMail;
import org.medirelay.problem.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates accounts and checks passwords; the only place that touches password hashes. */
@Service
public class AccountService {

  private final UserRepository users;
  private final MongoOperations mongo;
  private final PasswordEncoder passwords;
  private final OutboundMail mail;
  private final Clock clock;

  /**
   * Hashed once so that a login for an unknown email costs as much as one for a known email (no
   * user enumeration).
   */
  private final String dummyHash;

  public AccountService(
      UserRepository users,
      MongoOperations mongo,
      PasswordEncoder passwords,
      OutboundMail mail,
      Clock clock) {
    this.users = users;
    this.mongo = mongo;
    this.passwords = passwords;
    this.mail = mail;
    this.clock = clock;
    this.dummyHash = passwords.encode("medirelay-timing-equaliser");
  }

  /**
   * Signs up a patient, the only role anyone may give themselves. When the email already has an
   * account nothing changes, its owner is told by mail, and the caller gets the same empty-handed
   * answer as for a new account: whoever registers learns nothing about which emails exist. The
   * password is hashed either way, so the two cases also take about as long.
   *
   * @return the new account, or empty when the email was taken
   */
  public Optional<User> registerPatient(String name, String email, String password) {
    User user = newUser(name, email, passwords.encode(password), Role.PATIENT);
    try {
      return Optional.of(users.insert(user));
    } catch (DuplicateKeyException e) {
      mail.send(
          Mail.to(
              user.email(),
              "Someone tried to sign up to MediRelay with your email",
              "Someone tried to create a new MediRelay account with this address. You already have"
                  + " one, so nothing was changed. If it was you, sign in with your existing"
                  + " password. If it was not, you need do nothing."));
      return Optional.empty();
    }
  }

  /**
   * Creates a doctor or administrator account for an administrator; without a password, the person
   * chooses one through an invitation. 409 when the email is taken (the administrator may know).
   */
  public User createStaff(String name, String email, Role role, String password) {
    if (role == Role.PATIENT) {
      throw ApiException.badRequest(
          "role must be doctor or admin: patients create their own accounts.");
    }
    String hash = password == null ? null : passwords.encode(password);
    try {
      return users.insert(newUser(name, email, hash, role));
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("An account with this email already exists.");
    }
  }

  /**
   * The user when the password is right, disabled or not (the caller says which); empty otherwise,
   * with the same cost either way.
   */
  public Optional<User> authenticate(String email, String password) {
    Optional<User> user = users.findByEmail(Emails.normalize(email));
    String hash = user.map(User::passwordHash).orElse(null);
    if (hash == null) {
      passwords.matches(password, dummyHash);
      return Optional.empty();
    }
    return passwords.matches(password, hash) ? user : Optional.empty();
  }

  public User setPassword(String userId, String password) {
    User user = require(userId);
    return users.save(user.withPasswordHash(passwords.encode(password)));
  }

  /**
   * Disables the account: it can no longer sign in, and the access tokens it holds stop working.
   */
  public User disable(String userId) {
    User user = require(userId);
    return user.disabled() ? user : users.save(user.disabledSince(clock.instant()));
  }

  public User enable(String userId) {
    User user = require(userId);
    return user.disabled() ? users.save(user.enabled()) : user;
  }

  /**
   * Accounts whose name or email contains {@code text} (any case), optionally of one role, by name;
   * at most {@code limit}.
   */
  public List<User> search(String text, Role role, int limit) {
    Criteria criteria = new Criteria();
    if (text != null && !text.isBlank()) {
      String quoted = Pattern.quote(text.strip());
      criteria =
          new Criteria()
              .orOperator(
                  Criteria.where("name").regex(quoted, "i"),
                  Criteria.where("email").regex(quoted, "i"));
    }
    if (role != null) {
      criteria = new Criteria().andOperator(criteria, Criteria.where("role").is(role));
    }
    return mongo.find(
        Query.query(criteria).with(Sort.by("name", "email")).limit(limit), User.class);
  }

  /**
   * Creates the account with this role, or resets its password and enables it again; used for the
   * configured administrator and the dev-mode demo accounts, never reachable from the HTTP API.
   * Returns whether an account was created.
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
      if (user.passwordHash() == null || !passwords.matches(password, user.passwordHash())) {
        user = users.save(user.withPasswordHash(passwords.encode(password)));
      }
      if (user.disabled()) {
        users.save(user.enabled());
      }
      return false;
    }
    try {
      users.insert(newUser(name, email, passwords.encode(password), role));
      return true;
    } catch (DuplicateKeyException raced) {
      // Another instance of the app, starting on the same store at the same time, created it.
      return ensureAccount(name, email, password, role);
    }
  }

  public Optional<User> find(String id) {
    return users.findById(id);
  }

  private User require(String id) {
    return users.findById(id).orElseThrow(() -> ApiException.notFound("There is no such user."));
  }

  private User newUser(String name, String email, String hash, Role role) {
    return User.create(
        new ObjectId().toHexString(),
        name.strip(),
        Emails.normalize(email),
        hash,
        role,
        clock.instant());
  }
}
