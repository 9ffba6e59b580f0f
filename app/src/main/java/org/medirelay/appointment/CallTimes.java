package org.medirelay.appointment;

import java.time.Duration;
import java.time.Instant;

/**
 * When an appointment's video call took place, as the media node that hosted it reported when the
 * host ended it.
 *
 * @param start when the first participant joined
 * @param end when the host ended the call for everyone
 */
public record CallTimes(Instant start, Instant end) {

  /** The call's length in whole seconds. */
  public long durationSeconds() {
    return Duration.between(start, end).toSeconds();
  }
}
