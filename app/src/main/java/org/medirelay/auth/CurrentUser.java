package org.medirelay.auth;

import org.medirelay.account.Role;

/**
 * The signed-in user, as read from a verified access token; the principal of every authenticated
 * request.
 */
public record CurrentUser(String id, String name, String email, Role role) {

  public boolean is(Role expected) {
    return role == expected;
  }
}
