package org.medirelay.token;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A participant's role in a video session: the doctor hosts, everyone else participates. */
public enum ParticipantRole {
  HOST(EnumSet.allOf(Grant.class)),
  PARTICIPANT(EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE));

  private final Set<Grant> defaultGrants;

  ParticipantRole(Set<Grant> defaultGrants) {
    this.defaultGrants = defaultGrants;
  }

  /** The grants a token of this role carries unless the issuer narrows them. */
  public Set<Grant> defaultGrants() {
    return EnumSet.copyOf(defaultGrants);
  }

  /** The value carried in the token's {@code role} claim. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ParticipantRole fromClaim(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
