package org.medirelay.auth;

import static org.medirelay.config.SettingValues.positive;
import static org.medirelay.config.SettingValues.redacted;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Signed-in users' access tokens. Durations without a unit are seconds.
 *
 * @param accessTokenTtl ACCESS_TOKEN_TTL: how long an access token is valid
 * @param accessTokenSecret ACCESS_TOKEN_SECRET: base64 HMAC key (at least 32 bytes); empty:
 *     generated under DATA_DIR
 */
@ConfigurationProperties
public record AccessTokenSettings(
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("28800") Duration accessTokenTtl,
    @DefaultValue("") String accessTokenSecret) {

  public AccessTokenSettings {
    positive(accessTokenTtl, "ACCESS_TOKEN_TTL");
  }

  @Override
  public String toString() {
    return "AccessTokenSettings[accessTokenTtl="
        + accessTokenTtl
        + ", accessTokenSecret="
        + redacted(accessTokenSecret)
        + "]";
  }
}
