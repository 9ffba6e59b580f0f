package org.medirelay.assistant.provider;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal client for the OpenAI-compatible {@code POST /chat/completions} API: non-streaming, one
 * choice. The whole exchange, connection to last byte, is bounded by the configured timeout, so a
 * stalled provider cannot hold a patient's message longer than that.
 */
public final class ChatCompletionsClient {

  /** Low temperature: help answers should be plain and repeatable, not creative. */
  private static final double TEMPERATURE = 0.2;

  private static final int MAX_TOKENS = 400;

  private final ProviderSettings settings;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public ChatCompletionsClient(ProviderSettings settings, HttpClient http) {
    if (!settings.configured()) {
      throw new IllegalArgumentException("no provider URL configured");
    }
    this.settings = settings;
    this.http = http;
  }

  /** The model's answer to the conversation. */
  public String complete(List<ChatMessage> messages) throws ProviderException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.chatCompletions())
            .timeout(settings.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(messages)));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      request.header("Authorization", "Bearer " + settings.apiKey());
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() / 100 != 2) {
      throw new ProviderException("the provider answered HTTP " + response.statusCode());
    }
    return content(response.body());
  }

  private HttpResponse<String> send(HttpRequest request) throws ProviderException {
    var pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new ProviderException("the provider did not answer within " + settings.timeout(), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new ProviderException(
            "the provider did not answer within " + settings.timeout(), e.getCause());
      }
      throw new ProviderException(
          "the provider could not be reached: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      throw new ProviderException("interrupted while waiting for the provider", e);
    }
  }

  private String body(List<ChatMessage> messages) {
    ObjectNode root = json.createObjectNode();
    root.put("model", settings.model());
    root.put("temperature", TEMPERATURE);
    root.put("max_tokens", MAX_TOKENS);
    root.put("stream", false);
    ArrayNode list = root.putArray("messages");
    for (ChatMessage message : messages) {
      list.addObject().put("role", message.role()).put("content", message.content());
    }
    return json.writeValueAsString(root);
  }

  private String content(String body) throws ProviderException {
    try {
      JsonNode content =
          json.readTree(body).path("choices").path(0).path("message").path("content");
      if (!content.isString() || content.asString().isBlank()) {
        throw new ProviderException("the provider's answer has no message content");
      }
      return content.asString().strip();
    } catch (JacksonException e) {
      throw new ProviderException("the provider's answer is not JSON", e);
    }
  }
}
