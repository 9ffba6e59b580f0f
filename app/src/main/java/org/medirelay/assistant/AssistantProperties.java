package org.medirelay.assistant;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.medirelay.assistant.provider.ProviderSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Every configuration key of the consult assistant, in one place. Like the app's settings it binds
 * from the root of the environment, so each field is set by the environment variable of the same
 * name in upper snake case ({@code assistantProviderUrl} by {@code ASSISTANT_PROVIDER_URL}).
 * Durations without a unit are seconds.
 *
 * <p>Whether patient data may go to the provider is not configuration but an administrator's
 * decision, stored in the database (see {@code AssistantPolicy}) and off until an administrator
 * turns it on.
 */
@ConfigurationProperties
public class AssistantProperties {

  /**
   * ASSISTANT_PROVIDER_URL: base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1);
   * empty: built-in only.
   */
  private String assistantProviderUrl = "";

  /** ASSISTANT_MODEL: the model name the provider expects. */
  private String assistantModel = "";

  /**
   * ASSISTANT_API_KEY: bearer key for the provider; empty for providers without keys (Ollama,
   * llama.cpp).
   */
  private String assistantApiKey = "";

  /**
   * ASSISTANT_TIMEOUT: the longest a provider answer may take before the built-in engine answers
   * instead.
   */
  @DurationUnit(ChronoUnit.SECONDS)
  private Duration assistantTimeout = Duration.ofSeconds(15);

  /**
   * ASSISTANT_EMERGENCY_NUMBER: how patients reach emergency services, e.g. "112"; empty: the
   * common numbers.
   */
  private String assistantEmergencyNumber = "";

  /**
   * ASSISTANT_CRISIS_LINE: a suicide/crisis line, e.g. "Samaritans on 116 123"; empty: well-known
   * lines.
   */
  private String assistantCrisisLine = "";

  /**
   * ASSISTANT_TIME_ZONE: the clinic's time zone, for appointment times and "since yesterday";
   * empty: the server's.
   */
  private String assistantTimeZone = "";

  /** ASSISTANT_MAX_MESSAGES_PER_MINUTE: messages one patient may send per minute before a 429. */
  private int assistantMaxMessagesPerMinute = 20;

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

  public String getAssistantProviderUrl() {
    return assistantProviderUrl;
  }

  public void setAssistantProviderUrl(String assistantProviderUrl) {
    if (!assistantProviderUrl.isBlank()) {
      URI url = URI.create(assistantProviderUrl.strip());
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("ASSISTANT_PROVIDER_URL must be an http or https URL");
      }
    }
    this.assistantProviderUrl = assistantProviderUrl;
  }

  public String getAssistantModel() {
    return assistantModel;
  }

  public void setAssistantModel(String assistantModel) {
    this.assistantModel = assistantModel;
  }

  public String getAssistantApiKey() {
    return assistantApiKey;
  }

  public void setAssistantApiKey(String assistantApiKey) {
    this.assistantApiKey = assistantApiKey;
  }

  public Duration getAssistantTimeout() {
    return assistantTimeout;
  }

  public void setAssistantTimeout(Duration assistantTimeout) {
    if (assistantTimeout.isNegative() || assistantTimeout.isZero()) {
      throw new IllegalArgumentException("ASSISTANT_TIMEOUT must be positive");
    }
    this.assistantTimeout = assistantTimeout;
  }

  public String getAssistantEmergencyNumber() {
    return assistantEmergencyNumber;
  }

  public void setAssistantEmergencyNumber(String assistantEmergencyNumber) {
    this.assistantEmergencyNumber = assistantEmergencyNumber;
  }

  public String getAssistantTimeZone() {
    return assistantTimeZone;
  }

  public void setAssistantTimeZone(String assistantTimeZone) {
    if (!assistantTimeZone.isBlank()) {
      ZoneId.of(assistantTimeZone.strip()); // fails at start on a zone name that does not exist
    }
    this.assistantTimeZone = assistantTimeZone;
  }

  public int getAssistantMaxMessagesPerMinute() {
    return assistantMaxMessagesPerMinute;
  }

  public void setAssistantMaxMessagesPerMinute(int assistantMaxMessagesPerMinute) {
    if (assistantMaxMessagesPerMinute < 1) {
      throw new IllegalArgumentException("ASSISTANT_MAX_MESSAGES_PER_MINUTE must be at least 1");
    }
    this.assistantMaxMessagesPerMinute = assistantMaxMessagesPerMinute;
  }

  public String getAssistantCrisisLine() {
    return assistantCrisisLine;
  }

  public void setAssistantCrisisLine(String assistantCrisisLine) {
    this.assistantCrisisLine = assistantCrisisLine;
  }
}
