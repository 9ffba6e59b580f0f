package org.medirelay.assistant.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.assistant.help.HelpPassage;

/**
 * Asks the language model a patient's help question, grounded in the help passages that relate to
 * it.
 *
 * <p>What leaves the clinic: the system prompt, the clinic's own help passages, and the patient's
 * question. Unless an administrator has enabled sharing patient data, the question is {@link
 * Deidentifier de-identified} and nothing else about the patient is sent. With sharing enabled, the
 * question goes verbatim, with the last few turns of the conversation for context. Intake answers,
 * appointments and red-flag messages are never sent: those are answered by the built-in engine
 * before a message could get here.
 */
public final class ProviderHelp {

  static final int CONTEXT_PASSAGES = 3;
  static final int HISTORY_TURNS = 6;

  private final ChatCompletionsClient client;
  private final Deidentifier deidentifier = new Deidentifier();
  private final ProviderOutputCheck outputCheck = new ProviderOutputCheck();
  private final String systemPrompt;

  public ProviderHelp(ChatCompletionsClient client) {
    this.client = client;
    this.systemPrompt = loadSystemPrompt();
  }

  /**
   * The model's answer.
   *
   * @param history earlier turns, oldest first; only sent when {@code sharePatientData}
   * @throws ProviderException when the model gives no usable or no safe answer
   */
  public String answer(
      String question,
      List<HelpPassage> context,
      List<ChatMessage> history,
      boolean sharePatientData,
      String patientName)
      throws ProviderException {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(
        ChatMessage.system(systemPrompt + "\n\nThe clinic's help texts:\n" + helpTexts(context)));
    if (sharePatientData) {
      messages.addAll(history.subList(Math.max(0, history.size() - HISTORY_TURNS), history.size()));
      messages.add(ChatMessage.user(question));
    } else {
      messages.add(ChatMessage.user(deidentifier.clean(question, patientName)));
    }
    String answer = client.complete(messages);
    if (!outputCheck.acceptable(answer)) {
      throw new ProviderException("the provider's answer was withheld by the safety check");
    }
    return answer;
  }

  private static String helpTexts(List<HelpPassage> context) {
    if (context.isEmpty()) {
      return "(none relate to this question)";
    }
    StringBuilder text = new StringBuilder();
    for (HelpPassage passage : context.subList(0, Math.min(CONTEXT_PASSAGES, context.size()))) {
      text.append("Q: ")
          .append(passage.question())
          .append("\nA: ")
          .append(passage.answer())
          .append("\n\n");
    }
    return text.toString().strip();
  }

  private static String loadSystemPrompt() {
    try (InputStream in =
        ProviderHelp.class.getClassLoader().getResourceAsStream("assistant/system-prompt.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing assistant/system-prompt.txt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
