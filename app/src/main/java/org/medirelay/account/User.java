package org.medirelay.account;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person who signs in. The email is stored lower-cased and is unique (a unique index, so two
 * registrations racing for one address cannot both win).
 *
 * @param passwordHash null for staff invited by an administrator until they choose a password
 * @param disabledAt when an administrator disabled the account; null while it may sign in
 * @param tokenGeneration carried by every access token; disabling the account counts it up, so the
 *     tokens it had stop working and stay dead after it is enabled again. 0 for accounts stored
 *     before it existed (an Integer so that the store can hand over its absence)
 */
@Document("users")
public record User(
    @Id String id,
    String name,
    @Indexed(unique = true) String email,
    String passwordHash,
    @Indexed Role role,
    Instant createdAt,
    Instant disabledAt,
    Integer tokenGeneration) {

  public User {
    tokenGeneration = tokenGeneration == null ? 0 : tokenGeneration;
  }

  public static User create(
      String id, String name, String email, String hash, Role role, Instant at) {
    return new User(id, name, email, hash, role, at, null, 0);
  }

  public boolean disabled() {
    return disabledAt != null;
  }

  public User withPasswordHash(String hash) {
    return new User(id, name, email, hash, role, createdAt, disabledAt, tokenGeneration);
  }

  User disabledSince(Instant at) {
    return new User(id, name, email, passwordHash, role, createdAt, at, tokenGeneration + 1);
  }

  User enabled() {
    return new User(id, name, email, passwordHash, role, createdAt, null, tokenGeneration);
  }
}
