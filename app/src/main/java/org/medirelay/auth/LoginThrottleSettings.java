package org.medirelay.auth;

import static org.medirelay.config.SettingValues.atLeast;
import static org.medirelay.config.SettingValues.positive;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * How hard {@link LoginThrottle} slows guessing and spraying. Durations without a unit are seconds.
 *
 * @param loginMaxFailuresPerAccount LOGIN_MAX_FAILURES_PER_ACCOUNT: failed sign-ins to one account
 *     from one address before that pair pauses; other addresses are not paused
 * @param loginMaxFailuresPerAddress LOGIN_MAX_FAILURES_PER_ADDRESS: failed sign-ins from one client
 *     address within the window before each sign-in from it must carry a proof of work
 * @param loginFailureWindow LOGIN_FAILURE_WINDOW: how far back failures count, and the longest
 *     pause; a pair's failures are forgotten this long after its last pause ends
 * @param registrationsPerAddressPerHour REGISTRATIONS_PER_ADDRESS_PER_HOUR: new accounts one client
 *     address may create per hour
 */
@ConfigurationProperties
public record LoginThrottleSettings(
    @DefaultValue("5") int loginMaxFailuresPerAccount,
    @DefaultValue("20") int loginMaxFailuresPerAddress,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("900") Duration loginFailureWindow,
    @DefaultValue("10") int registrationsPerAddressPerHour) {

  public LoginThrottleSettings {
    atLeast(1, loginMaxFailuresPerAccount, "LOGIN_MAX_FAILURES_PER_ACCOUNT");
    atLeast(1, loginMaxFailuresPerAddress, "LOGIN_MAX_FAILURES_PER_ADDRESS");
    positive(loginFailureWindow, "LOGIN_FAILURE_WINDOW");
    atLeast(1, registrationsPerAddressPerHour, "REGISTRATIONS_PER_ADDRESS_PER_HOUR");
  }
}
