package org.medirelay.session;

import static org.medirelay.config.SettingValues.positive;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * What join links are made of. Durations without a unit are seconds.
 *
 * @param clientBaseUrl CLIENT_BASE_URL: the app's public base URL; join URLs start with it and it
 *     is the join tokens' issuer. Unset, it is {@code http://localhost:<PORT>}, right for a
 *     developer's machine only.
 * @param port PORT: the HTTP port (Spring Boot's server.port is set from it in
 *     application.properties, with the same default); here only for the default CLIENT_BASE_URL
 * @param joinTokenTtl JOIN_TOKEN_TTL: lifetime of a join token and of the join URL that carries it
 */
@ConfigurationProperties
public record JoinLinkSettings(
    @DefaultValue("") String clientBaseUrl,
    @DefaultValue("8080") int port,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("3600") Duration joinTokenTtl) {

  public JoinLinkSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("PORT must be between 0 and 65535");
    }
    // A trailing slash would give join URLs a double slash and an issuer that differs from the
    // media nodes' APP_URL.
    if (clientBaseUrl.endsWith("/")) {
      clientBaseUrl = clientBaseUrl.substring(0, clientBaseUrl.length() - 1);
    }
    if (clientBaseUrl.isBlank()) {
      clientBaseUrl = "http://localhost:" + port;
    }
    String scheme = URI.create(clientBaseUrl).getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("CLIENT_BASE_URL must be an http or https URL");
    }
    positive(joinTokenTtl, "JOIN_TOKEN_TTL");
  }
}
