package org.medirelay.secret;

/**
 * Reads {@code Authorization: Bearer <credentials>} (RFC 6750; the scheme name is
 * case-insensitive).
 */
public final class BearerCredentials {

  private static final String PREFIX = "Bearer ";

  private BearerCredentials() {}

  /** The credentials in the header, or null when it is missing or names another scheme. */
  public static String of(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    return authorizationHeader.substring(PREFIX.length()).strip();
  }
}
