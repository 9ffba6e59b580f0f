package org.medirelay.account;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A person who signs in. The email is stored lower-cased and is unique (a unique index, so two
 * registrations racing for one address cannot both win).
 */
@Document("users")
public record User(
    @Id String id,
    String name,
    @Indexed(unique = true) String email,
    String passwordHash,
    @Indexed Role role,
    Instant createdAt) {

  public User withPasswordHash(String hash) {
    return new User(id, name, email, hash, role, createdAt);
  }
}
