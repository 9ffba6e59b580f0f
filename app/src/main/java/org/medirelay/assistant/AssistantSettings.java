package org.medirelay.assistant;

import static org.medirelay.config.SettingValues.atLeast;
import static org.medirelay.config.SettingValues.positive;
import static org.medirelay.config.SettingValues.redacted;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.medirelay.assistant.provider.ProviderSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Every configuration key of the consult assistant. Durations without a unit are seconds.
 *
 * <p>Whether patient data may go to the provider is not configuration but an administrator's
 * decision, stored in the database (see {@code AssistantPolicy}) and off until an administrator
 * turns it on.
 *
 * @param assistantProviderUrl ASSISTANT_PROVIDER_URL: base URL of an OpenAI-compatible API (e.g.
 *     http://localhost:11434/v1); empty: built-in only
 * @param assistantModel ASSISTANT_MODEL: the model name the provider expects
 * @param assistantApiKey ASSISTANT_API_KEY: bearer key for the provider; empty for providers
 *     without keys (Ollama, llama.cpp)
 * @param assistantTimeout ASSISTANT_TIMEOUT: the longest a provider answer may take before the
 *     built-in engine answers instead
 * @param assistantEmergencyNumber ASSISTANT_EMERGENCY_NUMBER: how patients reach emergency
 *     services, e.g. "112"; empty: the common numbers
 * @param assistantCrisisLine ASSISTANT_CRISIS_LINE: a suicide/crisis line, e.g. "Samaritans on 116
 *     123"; empty: well-known lines
 * @param assistantTimeZone ASSISTANT_TIME_ZONE: the clinic's time zone, for appointment times and
 *     "since yesterday"; empty: the server's
 * @param assistantMaxMessagesPerMinute ASSISTANT_MAX_MESSAGES_PER_MINUTE: messages one patient may
 *     send per minute before a 429
 */
@ConfigurationProperties
public record AssistantSettings(
    @DefaultValue("") String assistantProviderUrl,
    @DefaultValue("") String assistantModel,
    @DefaultValue("") String assistantApiKey,
    @DurationUnit(ChronoUnit.SECONDS) @DefaultValue("15") Duration assistantTimeout,
    @DefaultValue("") String assistantEmergencyNumber,
    @DefaultValue("") String assistantCrisisLine,
    @DefaultValue("") String assistantTimeZone,
    @DefaultValue("20") int assistantMaxMessagesPerMinute) {

  public AssistantSettings {
    if (!assistantProviderUrl.isBlank()) {
      URI url = URI.create(assistantProviderUrl.strip());
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("ASSISTANT_PROVIDER_URL must be an http or https URL");
      }
    }
    positive(assistantTimeout, "ASSISTANT_TIMEOUT");
    if (!assistantTimeZone.isBlank()) {
      ZoneId.of(assistantTimeZone.strip()); // fails at start on a zone name that does not exist
    }
    atLeast(1, assistantMaxMessagesPerMinute, "ASSISTANT_MAX_MESSAGES_PER_MINUTE");
  }

  /** The clinic's time zone. */
  public ZoneId timeZone() {
    return assistantTimeZone.isBlank()
        ? ZoneId.systemDefault()
        : ZoneId.of(assistantTimeZone.strip());
  }

  /** The provider, or a settings object whose {@code configured()} is false. */
  public ProviderSettings provider() {
    URI url = assistantProviderUrl.isBlank() ? null : URI.create(assistantProviderUrl.strip());
    return new ProviderSettings(url, assistantModel, assistantApiKey, assistantTimeout);
  }

  @Override
  public String toString() {
    return "AssistantSettings[provider="
        + provider()
        + ", assistantEmergencyNumber="
        + assistantEmergencyNumber
        + ", assistantCrisisLine="
        + assistantCrisisLine
        + ", assistantTimeZone="
        + assistantTimeZone
        + ", assistantMaxMessagesPerMinute="
        + assistantMaxMessagesPerMinute
        + ", assistantApiKey="
        + redacted(assistantApiKey)
        + "]";
  }
}
