package org.medirelay.assistant.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.provider.FakeChatCompletionsServer;
import org.medirelay.assistant.provider.FakeChatCompletionsServer.Mode;
import org.medirelay.testkit.AppApi;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The language-model path through the real HTTP layer: the app is configured with a local
 * OpenAI-compatible server started by the test (its own app context and data folder), which
 * answers, fails with 500, or stalls past the assistant's timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AssistantProviderApiTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String ADMIN_EMAIL = "admin@provider.test.medirelay";
  private static final FakeChatCompletionsServer PROVIDER = startProvider();

  @LocalServerPort int port;
  private AppApi api;

  @DynamicPropertySource
  static void settings(DynamicPropertyRegistry registry) throws IOException {
    registry.add("data-dir", () -> tempDir());
    registry.add("admin-email", () -> ADMIN_EMAIL);
    registry.add("admin-password", () -> PASSWORD);
    registry.add("assistant-provider-url", () -> PROVIDER.baseUrl().toString());
    registry.add("assistant-model", () -> "test-model");
    registry.add("assistant-api-key", () -> "sk-test-key");
    registry.add("assistant-timeout", () -> "800ms");
  }

  private static FakeChatCompletionsServer startProvider() {
    try {
      return new FakeChatCompletionsServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tempDir() {
    try {
      var dir = Files.createTempDirectory("medirelay-assistant-provider-test-");
      dir.toFile().deleteOnExit();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.close();
  }

  @BeforeEach
  void client() {
    api = new AppApi(port);
    PROVIDER.answer(
        "Open the consultation page a few minutes early; it shows your camera preview.");
  }

  private record Patient(String name, String token) {}

  private Patient patient() {
    String name = "Maria Kowalska";
    String email = "patient-" + UUID.randomUUID() + "@test.medirelay";
    return new Patient(name, api.signUp(name, email, PASSWORD).get("token").asString());
  }

  private String login(String email) {
    return api.login(email, PASSWORD).get("token").asString();
  }

  private String conversation(Patient patient) {
    return api.post("/api/assistant/conversations", Map.of(), patient.token())
        .json()
        .get("id")
        .asString();
  }

  private JsonNode say(Patient patient, String id, String text) {
    AppApi.Response response =
        api.post(
            "/api/assistant/conversations/" + id + "/messages",
            Map.of("text", text),
            patient.token());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  void theProviderAnswersWithoutThePatientsIdentity() {
    Patient patient = patient();
    int before = PROVIDER.received().size();

    JsonNode reply =
        say(patient, conversation(patient), "Hi, Maria Kowalska here, how do I test my camera?");

    assertThat(reply.get("engine").asString()).isEqualTo("PROVIDER");
    assertThat(reply.get("reply").asString()).contains("camera preview");
    assertThat(reply.get("fallbackReason").isNull()).isTrue();
    FakeChatCompletionsServer.Received request = PROVIDER.received().get(before);
    assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
    assertThat(request.body())
        .contains("test-model")
        .contains("how do I test my camera")
        .doesNotContain("Maria")
        .doesNotContain("Kowalska");
  }

  @Test
  void fallsBackToTheBuiltInEngineWhenTheProviderFails() {
    Patient patient = patient();
    PROVIDER.mode(Mode.ERROR_500);

    JsonNode reply = say(patient, conversation(patient), "how do I test my camera");

    assertThat(reply.get("engine").asString()).isEqualTo("BUILTIN");
    assertThat(reply.get("kind").asString()).isEqualTo("HELP");
    assertThat(reply.get("fallbackReason").asString()).contains("HTTP 500");
    assertThat(reply.get("reply").asString()).contains("preview");
  }

  @Test
  void fallsBackToTheBuiltInEngineWhenTheProviderTimesOut() {
    Patient patient = patient();
    String id = conversation(patient);
    PROVIDER.stallFor(Duration.ofSeconds(4));
    long started = System.nanoTime();

    JsonNode reply = say(patient, id, "which browsers are supported");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(reply.get("engine").asString()).isEqualTo("BUILTIN");
    assertThat(reply.get("fallbackReason").asString()).contains("did not answer within");
    assertThat(reply.get("reply").asString()).contains("Chrome");
  }

  @Test
  void fallsBackWhenTheProviderAnswerIsUnsafe() {
    Patient patient = patient();
    PROVIDER.answer("You probably have an infection; I recommend taking 500 mg amoxicillin.");

    JsonNode reply =
        say(patient, conversation(patient), "how do I join my consultation from a tablet");

    assertThat(reply.get("engine").asString()).isEqualTo("BUILTIN");
    assertThat(reply.get("reply").asString()).doesNotContain("amoxicillin");
  }

  @Test
  void emergenciesAndMedicalQuestionsNeverReachTheProvider() {
    Patient patient = patient();
    String id = conversation(patient);
    int before = PROVIDER.received().size();

    JsonNode emergency = say(patient, id, "my wife collapsed and is unresponsive");
    JsonNode refusal = say(patient, id, "can I take ibuprofen with my tablets?");

    assertThat(emergency.get("emergency").asBoolean()).isTrue();
    assertThat(emergency.get("engine").asString()).isEqualTo("BUILTIN");
    assertThat(refusal.get("kind").asString()).isEqualTo("REFUSAL");
    assertThat(PROVIDER.received()).hasSize(before);
  }

  @Test
  void withTheAdministratorsConsentTheConversationIsShared() {
    String admin = login(ADMIN_EMAIL);
    assertThat(api.put("/api/admin/assistant", Map.of("sharePatientData", true), admin).status())
        .isEqualTo(200);
    try {
      Patient patient = patient();
      String id = conversation(patient);
      say(patient, id, "hello");
      int before = PROVIDER.received().size();

      say(patient, id, "Maria here: is the video private?");

      String sent = PROVIDER.received().get(before).body();
      assertThat(sent).contains("Maria here").contains("hello");
    } finally {
      api.put("/api/admin/assistant", Map.of("sharePatientData", false), admin);
    }
  }
}
