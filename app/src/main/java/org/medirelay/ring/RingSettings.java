package org.medirelay.ring;

import static org.medirelay.config.SettingValues.positive;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Ringing a patient. Durations without a unit are seconds.
 *
 * @param ringTimeout RING_TIMEOUT: how long a patient's page rings before the ring stops and shows
 *     as a missed call on both dashboards
 */
@ConfigurationProperties
public record RingSettings(
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("45") Duration ringTimeout) {

  public RingSettings {
    positive(ringTimeout, "RING_TIMEOUT");
  }
}
