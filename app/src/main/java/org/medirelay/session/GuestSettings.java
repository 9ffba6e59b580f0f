package org.medirelay.session;

import static org.medirelay.config.SettingValues.atLeast;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Guests of a consultation: interpreters, family, a second clinician.
 *
 * @param maxGuestsPerSession MAX_GUESTS_PER_SESSION: guests one consultation may have besides its
 *     doctor and patient; every guest takes a place on the media node the other consultations there
 *     share (media nodes cap a call at MEDIA_MAX_PARTICIPANTS_PER_SESSION, so keep this at least 2
 *     below it)
 */
@ConfigurationProperties
public record GuestSettings(@DefaultValue("4") int maxGuestsPerSession) {

  public GuestSettings {
    atLeast(0, maxGuestsPerSession, "MAX_GUESTS_PER_SESSION");
  }
}
