package org.medirelay.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The assistant's settings bind from the environment variable names documented on them. */
class AssistantSettingsTest {

  private static AssistantSettings bind(Map<String, Object> env) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", env));
    Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));
    return binder.bindOrCreate("", Bindable.of(AssistantSettings.class));
  }

  @Test
  void bindsFromEnvironmentVariableNames() {
    AssistantSettings settings =
        bind(
            Map.of(
                "ASSISTANT_PROVIDER_URL", "http://localhost:11434/v1",
                "ASSISTANT_MODEL", "llama3.1:8b",
                "ASSISTANT_API_KEY", "sk-1",
                "ASSISTANT_TIMEOUT", "20",
                "ASSISTANT_EMERGENCY_NUMBER", "112",
                "ASSISTANT_CRISIS_LINE", "Telefonseelsorge 0800 111 0 111",
                "ASSISTANT_TIME_ZONE", "Europe/Berlin"));

    assertThat(settings.provider().configured()).isTrue();
    assertThat(settings.provider().baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
    assertThat(settings.provider().model()).isEqualTo("llama3.1:8b");
    assertThat(settings.provider().apiKey()).isEqualTo("sk-1");
    assertThat(settings.provider().timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(settings.assistantEmergencyNumber()).isEqualTo("112");
    assertThat(settings.assistantCrisisLine()).isEqualTo("Telefonseelsorge 0800 111 0 111");
    assertThat(settings.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void withoutConfigurationOnlyTheBuiltInEngineRuns() {
    assertThat(bind(Map.of()).provider().configured()).isFalse();
  }

  @Test
  void refusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> bind(Map.of("ASSISTANT_PROVIDER_URL", "file:///etc/passwd")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(() -> bind(Map.of("ASSISTANT_TIMEOUT", "0")))
        .isInstanceOf(BindException.class);
    assertThatThrownBy(() -> bind(Map.of("ASSISTANT_TIME_ZONE", "Mars/Olympus")))
        .isInstanceOf(BindException.class);
  }
}
