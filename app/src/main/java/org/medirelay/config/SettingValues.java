package org.medirelay.config;

import java.time.Duration;

/**
 * Checks and printing shared by the features' settings records. A value that cannot work fails the
 * start with the environment variable's name, rather than a request later; a secret is never
 * printed, only whether it is set, since settings end up in logs.
 */
public final class SettingValues {

  private SettingValues() {}

  public static Duration positive(Duration value, String variable) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(variable + " must be positive");
    }
    return value;
  }

  public static int atLeast(int min, int value, String variable) {
    if (value < min) {
      throw new IllegalArgumentException(variable + " must be at least " + min);
    }
    return value;
  }

  /** What a settings record's {@code toString} shows for a secret. */
  public static String redacted(String secret) {
    return secret == null || secret.isEmpty() ? "(none)" : "(set)";
  }
}
