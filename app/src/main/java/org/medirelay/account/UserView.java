package org.medirelay.account;

import java.time.Instant;

/** What the API shows of a user: never the password hash. */
public record UserView(
    String id, String name, String email, Role role, Instant createdAt, boolean disabled) {

  public static UserView of(User user) {
    return new UserView(
        user.id(), user.name(), user.email(), user.role(), user.createdAt(), user.disabled());
  }
}
