package org.medirelay.session;

import static org.medirelay.config.SettingValues.positive;
import static org.medirelay.config.SettingValues.redacted;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The TURN and STUN servers browsers are told about. Durations without a unit are seconds.
 *
 * @param turnUrls TURN_URLS: comma-separated turn:/turns:/stun: URIs handed to browsers as
 *     iceServers
 * @param turnSecret TURN_SECRET: the TURN server's static-auth-secret, to derive short-lived TURN
 *     credentials
 * @param turnCredentialTtl TURN_CREDENTIAL_TTL: how long a TURN credential stays valid; it must
 *     outlast a consultation
 */
@ConfigurationProperties
public record TurnSettings(
    @DefaultValue List<String> turnUrls,
    @DefaultValue("") String turnSecret,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("21600") Duration turnCredentialTtl) {

  public TurnSettings {
    turnUrls = turnUrls.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
    for (String url : turnUrls) {
      if (!isTurn(url) && !url.startsWith("stun:") && !url.startsWith("stuns:")) {
        throw new IllegalArgumentException(
            "TURN_URLS entries must start with turn:, turns: or stun: (got " + url + ")");
      }
    }
    positive(turnCredentialTtl, "TURN_CREDENTIAL_TTL");
  }

  /** The TURN servers among TURN_URLS: they need a credential. */
  List<String> turnServers() {
    return turnUrls.stream().filter(TurnSettings::isTurn).toList();
  }

  /** The STUN servers among TURN_URLS. */
  List<String> stunServers() {
    return turnUrls.stream().filter(url -> !isTurn(url)).toList();
  }

  private static boolean isTurn(String url) {
    return url.startsWith("turn:") || url.startsWith("turns:");
  }

  @Override
  public String toString() {
    return "TurnSettings[turnUrls="
        + turnUrls
        + ", turnSecret="
        + redacted(turnSecret)
        + ", turnCredentialTtl="
        + turnCredentialTtl
        + "]";
  }
}
