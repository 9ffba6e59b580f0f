package org.medirelay.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a user is. Patients and doctors register themselves; administrators only come from
 * configuration.
 */
public enum Role {
  PATIENT,
  DOCTOR,
  ADMIN;

  @JsonValue
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts "patient", "doctor", "admin" in any case; anything else is a 400 through Jackson. */
  @JsonCreator
  public static Role fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The Spring Security authority for this role. */
  public String authority() {
    return "ROLE_" + name();
  }
}
