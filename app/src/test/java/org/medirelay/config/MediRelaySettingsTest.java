package org.medirelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The settings bind from the environment variable names the README documents. */
class MediRelaySettingsTest {

  @Test
  void theDefaultPublicUrlFollowsThePort() {
    MediRelaySettings settings = new MediRelaySettings();
    assertThat(settings.getClientBaseUrl()).isEqualTo("http://localhost:8080");
    settings.setPort(9090);
    assertThat(settings.getClientBaseUrl()).isEqualTo("http://localhost:9090");
  }

  @Test
  void bindsFromEnvironmentVariableNames() {
    Map<String, Object> env =
        Map.ofEntries(
            Map.entry("DATA_DIR", "/srv/medirelay"),
            Map.entry("MONGO_URI", "mongodb://db:27017/medirelay"),
            Map.entry("PORT", "9090"),
            Map.entry("CLIENT_BASE_URL", "https://consult.example.org/"),
            Map.entry("INTERNAL_SECRET", "s1"),
            Map.entry("MEDIA_NODE_SECRET", "s2"),
            Map.entry(
                "TURN_URLS", "turn:t.example.org:3478, turns:t.example.org:443?transport=tcp"),
            Map.entry("TURN_SECRET", "s3"),
            Map.entry("TURN_CREDENTIAL_TTL", "3600"),
            Map.entry("JOIN_TOKEN_TTL", "900"),
            Map.entry("JOIN_TOKEN_KEY_FILE", "/etc/medirelay/join.pem"),
            Map.entry("ACCESS_TOKEN_TTL", "2h"),
            Map.entry("ADMIN_EMAIL", "ops@example.org"),
            Map.entry("MEDIRELAY_DEV", "true"),
            Map.entry("LOGIN_MAX_FAILURES_PER_ACCOUNT", "3"),
            Map.entry("MAX_REQUEST_BODY", "32KB"),
            Map.entry("REGISTRATIONS_PER_ADDRESS_PER_HOUR", "4"),
            Map.entry("MEDIA_NODE_HEARTBEAT_INTERVAL", "5"));
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
    Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));

    MediRelaySettings settings =
        binder.bind(ConfigurationPropertyName.EMPTY, Bindable.of(MediRelaySettings.class)).get();

    assertThat(settings.getDataDir()).isEqualTo(Path.of("/srv/medirelay"));
    assertThat(settings.getMongoUri()).isEqualTo("mongodb://db:27017/medirelay");
    assertThat(settings.getPort()).isEqualTo(9090);
    assertThat(settings.getClientBaseUrl()).isEqualTo("https://consult.example.org");
    assertThat(settings.getInternalSecret()).isEqualTo("s1");
    assertThat(settings.getMediaNodeSecret()).isEqualTo("s2");
    assertThat(settings.getTurnUrls())
        .isEqualTo(List.of("turn:t.example.org:3478", "turns:t.example.org:443?transport=tcp"));
    assertThat(settings.getTurnSecret()).isEqualTo("s3");
    assertThat(settings.getTurnCredentialTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.getJoinTokenTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.getJoinTokenKeyFile()).isEqualTo("/etc/medirelay/join.pem");
    assertThat(settings.getAccessTokenTtl()).isEqualTo(Duration.ofHours(2));
    assertThat(settings.getAdminEmail()).isEqualTo("ops@example.org");
    assertThat(settings.isMedirelayDev()).isTrue();
    assertThat(settings.getLoginMaxFailuresPerAccount()).isEqualTo(3);
    assertThat(settings.getMaxRequestBody().toKilobytes()).isEqualTo(32);
    assertThat(settings.getRegistrationsPerAddressPerHour()).isEqualTo(4);
    assertThat(settings.getMediaNodeHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
  }
}
