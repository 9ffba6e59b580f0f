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
 * @param mediaNodeHeartbeatInterval MEDIA_NODE_HEARTBEAT_INTERVAL: what nodes are told
 * @param mediaNodeHeartbeatTimeout MEDIA_NODE_HEARTBEAT_TIMEOUT: a node is live this long after a
 *     heartbeat; unset, three intervals. Longer than one interval, or every node would die between
 *     two heartbeats.
 */
@ConfigurationProperties
public record MediaNodeSettings(
    @DefaultValue("") String mediaNodeSecret,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("2") Duration mediaNodeHeartbeatInterval,
    @DurationUnit(ChronoUnit.SECONDS) Duration mediaNodeHeartbeatTimeout) {

  public MediaNodeSettings {
    positive(mediaNodeHeartbeatInterval, "MEDIA_NODE_HEARTBEAT_INTERVAL");
    if (mediaNodeHeartbeatTimeout == null) {
      mediaNodeHeartbeatTimeout = mediaNodeHeartbeatInterval.multipliedBy(3);
    }
    if (mediaNodeHeartbeatTimeout.compareTo(mediaNodeHeartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "MEDIA_NODE_HEARTBEAT_TIMEOUT must be longer than MEDIA_NODE_HEARTBEAT_INTERVAL");
    }
  }

  @Override
  public String toString() {
    return "MediaNodeSettings[mediaNodeSecret="
        + redacted(mediaNodeSecret)
        + ", mediaNodeHeartbeatInterval="
        + mediaNodeHeartbeatInterval
        + ", mediaNodeHeartbeatTimeout="
        + mediaNodeHeartbeatTimeout
        + "]";
  }
}
