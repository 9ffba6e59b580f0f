package org.medirelay.push;

import static org.medirelay.config.SettingValues.positive;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * The dashboards' event stream.
 *
 * @param eventPollInterval EVENT_POLL_INTERVAL (milliseconds without a unit): how often each app
 *     instance reads the store for rings and appointment changes while it has a stream open; the
 *     longest delay between a change through another instance and the event
 */
@ConfigurationProperties
public record PushSettings(
    @DurationUnit(ChronoUnit.MILLIS) @DefaultValue("500") Duration eventPollInterval) {

  public PushSettings {
    positive(eventPollInterval, "EVENT_POLL_INTERVAL");
  }
}
