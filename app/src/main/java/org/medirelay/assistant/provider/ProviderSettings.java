package org.medirelay.assistant.provider;

import java.net.URI;
import java.time.Duration;

/**
 * Where the optional language model is: any OpenAI-compatible chat-completions service (a hosted
 * model, Ollama at {@code http://localhost:11434/v1}, a llama.cpp server at {@code
 * http://host:8080/v1}).
 *
 * @param baseUrl the API base, to which {@code /chat/completions} is added; null when no provider
 *     is configured
 * @param model the model name the service expects
 * @param apiKey sent as a bearer token; null or blank for services without keys (Ollama)
 * @param timeout the most a whole answer may take before the built-in engine answers instead
 */
public record ProviderSettings(URI baseUrl, String model, String apiKey, Duration timeout) {

  public boolean configured() {
    return baseUrl != null;
  }

  URI chatCompletions() {
    String base = baseUrl.toString();
    if (base.endsWith("/chat/completions")) {
      return baseUrl;
    }
    return URI.create(
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions");
  }

  /** Never prints the key: settings end up in logs. */
  @Override
  public String toString() {
    return "ProviderSettings[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null || apiKey.isBlank() ? "none" : "(set)")
        + ", timeout="
        + timeout
        + "]";
  }
}
