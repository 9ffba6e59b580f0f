package org.medirelay.medianode;

import static org.medirelay.config.SettingValues.positive;
import static org.medirelay.config.SettingValues.redacted;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * How media nodes register. Durations without a unit are seconds.
 *
 * @param mediaNodeSecret MEDIA_NODE_SECRET: shared with media nodes for their heartbeats; empty
 *     refuses every heartbeat
 * @param mediaNodeHeartbeatInterval MEDIA_NODE_HEARTBEAT_INTERVAL: what nodes are told; a node is
 *     live for three intervals after a heartbeat
 */
@ConfigurationProperties
public record MediaNodeSettings(
    @DefaultValue("") String mediaNodeSecret,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("10") Duration mediaNodeHeartbeatInterval) {

  public MediaNodeSettings {
    positive(mediaNodeHeartbeatInterval, "MEDIA_NODE_HEARTBEAT_INTERVAL");
  }

  @Override
  public String toString() {
    return "MediaNodeSettings[mediaNodeSecret="
        + redacted(mediaNodeSecret)
        + ", mediaNodeHeartbeatInterval="
        + mediaNodeHeartbeatInterval
        + "]";
  }
}
