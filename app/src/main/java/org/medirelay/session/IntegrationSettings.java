package org.medirelay.session;

import static org.medirelay.config.SettingValues.redacted;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The integration API a clinic's backend calls ({@link IntegrationController}).
 *
 * @param internalSecret INTERNAL_SECRET: the clinic backend's secret; empty disables the API (503)
 */
@ConfigurationProperties
public record IntegrationSettings(@DefaultValue("") String internalSecret) {

  @Override
  public String toString() {
    return "IntegrationSettings[internalSecret=" + redacted(internalSecret) + "]";
  }
}
