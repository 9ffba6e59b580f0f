package org.medirelay.ops;

import static org.medirelay.config.SettingValues.redacted;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may scrape the app's metrics ({@link MetricsAccess}).
 *
 * @param metricsToken METRICS_TOKEN: the bearer token a Prometheus scraper sends for
 *     /actuator/prometheus; empty: only clients on this machine may scrape
 */
@ConfigurationProperties
public record MetricsSettings(@DefaultValue("") String metricsToken) {

  @Override
  public String toString() {
    return "MetricsSettings[metricsToken=" + redacted(metricsToken) + "]";
  }
}
