package org.medirelay.assistant.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.help.HelpPassage;
import org.medirelay.assistant.provider.FakeChatCompletionsServer.Mode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProviderHelpTest {

  private static final List<HelpPassage> CONTEXT =
      List.of(
          new HelpPassage(
              "Camera", "How do I test my camera?", "Open the consultation page early."));

  private final FakeChatCompletionsServer server = newServer();
  private final HttpClient http = HttpClient.newHttpClient();

  private static FakeChatCompletionsServer newServer() {
    try {
      return new FakeChatCompletionsServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ProviderHelp provider(String apiKey, Duration timeout) {
    return new ProviderHelp(
        new ChatCompletionsClient(
            new ProviderSettings(server.baseUrl(), "test-model", apiKey, timeout), http));
  }

  @Test
  void sendsAGroundedDeidentifiedQuestionAndReturnsTheAnswer() throws Exception {
    server.answer("Open the consultation page a few minutes early to see your camera preview.");

    String answer =
        provider("sk-test", Duration.ofSeconds(5))
            .answer(
                "I'm Jane Doe, jane.doe@example.org, phone 07700 900123: how do I test my camera?",
                CONTEXT,
                List.of(ChatMessage.user("earlier private message")),
                false,
                "Jane Doe");

    assertThat(answer)
        .isEqualTo("Open the consultation page a few minutes early to see your camera preview.");
    FakeChatCompletionsServer.Received request = server.received().get(0);
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.authorization()).isEqualTo("Bearer sk-test");
    JsonNode body = JsonMapper.builder().build().readTree(request.body());
    assertThat(body.path("model").asString()).isEqualTo("test-model");
    assertThat(body.path("stream").asBoolean()).isFalse();
    JsonNode messages = body.path("messages");
    assertThat(messages.size()).isEqualTo(2);
    assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asString())
        .contains("Never diagnose")
        .contains("Never prescribe")
        .contains("Open the consultation page early.");
    String sent = messages.get(1).path("content").asString();
    assertThat(sent)
        .contains("how do I test my camera?")
        .doesNotContain("Jane")
        .doesNotContain("Doe")
        .doesNotContain("example.org")
        .doesNotContain("07700");
    assertThat(request.body()).doesNotContain("earlier private message");
  }

  @Test
  void withPatientDataSharingSendsTheConversationVerbatim() throws Exception {
    provider(null, Duration.ofSeconds(5))
        .answer(
            "Jane here, how do I join?",
            CONTEXT,
            List.of(ChatMessage.user("hello"), ChatMessage.assistant("Hello!")),
            true,
            "Jane Doe");

    FakeChatCompletionsServer.Received request = server.received().get(0);
    assertThat(request.authorization()).isNull();
    assertThat(request.body()).contains("Jane here, how do I join?").contains("Hello!");
  }

  @Test
  void aStalledProviderTimesOut() {
    server.stallFor(Duration.ofSeconds(3));
    ProviderHelp help = provider(null, Duration.ofMillis(300));
    long started = System.nanoTime();

    assertThatThrownBy(() -> help.answer("how do I join?", CONTEXT, List.of(), false, null))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("did not answer within");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anErrorStatusIsAFailure() {
    server.mode(Mode.ERROR_500);

    assertThatThrownBy(
            () ->
                provider(null, Duration.ofSeconds(5)).answer("q?", CONTEXT, List.of(), false, null))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void aBodyThatIsNotACompletionIsAFailure() {
    server.mode(Mode.GARBAGE);

    assertThatThrownBy(
            () ->
                provider(null, Duration.ofSeconds(5)).answer("q?", CONTEXT, List.of(), false, null))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void anUnreachableProviderIsAFailure() {
    server.close();

    assertThatThrownBy(
            () ->
                provider(null, Duration.ofSeconds(2)).answer("q?", CONTEXT, List.of(), false, null))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void anAnswerThatPrescribesIsWithheld() {
    server.answer(
        "It sounds like tonsillitis; I recommend taking 400 mg ibuprofen three times a day.");

    assertThatThrownBy(
            () ->
                provider(null, Duration.ofSeconds(5)).answer("q?", CONTEXT, List.of(), false, null))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("safety check");
  }

  @Test
  void settingsNeverPrintTheKey() {
    assertThat(
            new ProviderSettings(server.baseUrl(), "m", "sk-secret", Duration.ofSeconds(1))
                .toString())
        .doesNotContain("sk-secret");
  }
}
