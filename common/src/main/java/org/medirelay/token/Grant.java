package org.medirelay.token;

import java.util.Locale;

/**
 * What a join token lets its holder do in a session. Hosts also get {@link #ADMIT} and {@link
 * #END}.
 */
public enum Grant {
  /** Send audio and video into the session. */
  PUBLISH,
  /** Receive the other participants' media. */
  SUBSCRIBE,
  /** Let waiting participants in. */
  ADMIT,
  /** End the session for everyone. */
  END;

  /** The value carried in the token's {@code grants} claim. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Grant fromClaim(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
