package org.medirelay.account;

import static org.medirelay.config.SettingValues.redacted;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The administrator account {@link ConfiguredAdmin} creates or resets at start: both set, or
 * neither.
 *
 * @param adminEmail ADMIN_EMAIL
 * @param adminPassword ADMIN_PASSWORD, at least {@value #MIN_PASSWORD_LENGTH} characters
 */
@ConfigurationProperties
public record AdminAccountSettings(
    @DefaultValue("") String adminEmail, @DefaultValue("") String adminPassword) {

  static final int MIN_PASSWORD_LENGTH = 12;

  public AdminAccountSettings {
    if (!(adminEmail.isBlank() && adminPassword.isBlank())
        && (adminEmail.isBlank() || adminPassword.length() < MIN_PASSWORD_LENGTH)) {
      throw new IllegalArgumentException(
          "Set both ADMIN_EMAIL and ADMIN_PASSWORD (at least "
              + MIN_PASSWORD_LENGTH
              + " characters) to configure an administrator.");
    }
  }

  /** Whether an administrator is configured. */
  boolean configured() {
    return !adminEmail.isBlank();
  }

  @Override
  public String toString() {
    return "AdminAccountSettings[adminEmail="
        + adminEmail
        + ", adminPassword="
        + redacted(adminPassword)
        + "]";
  }
}
