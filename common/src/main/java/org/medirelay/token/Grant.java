package org.medirelay.token;

import java.util.Locale;

/**
 * What a join token lets its holder do in a session. Hosts also get {@link #ADMIT}, {@link #END}
 * and {@link #MODERATE}. The one list of grant names: the app issues them ({@link JoinTokens#sign})
 * and media nodes read them back and check them.
 */
public enum Grant {
  /** Send audio and video into the session. */
  PUBLISH,
  /** Receive the other participants' media. */
  SUBSCRIBE,
  /** Let waiting participants in. */
  ADMIT,
  /**
   * Join the call without waiting to be let in: a host arranged it beforehand (the doctor's
   * standing choice for the appointment, or the patient answering the doctor's ring).
   */
  ENTER,
  /** End the session for everyone. */
  END,
  /**
   * Act on the others in the call: mute them (the node stops forwarding their audio until they
   * unmute themselves), ask them to unmute, remove them.
   */
  MODERATE;

  /** The value carried in the token's {@code grants} claim. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Grant fromClaim(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
