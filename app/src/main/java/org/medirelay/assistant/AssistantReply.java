package org.medirelay.assistant;

/**
 * One answer of the assistant.
 *
 * @param text what the patient reads
 * @param emergency true when the message raised a red flag: the text is an emergency instruction
 * @param kind what the answer is
 * @param engine which engine wrote it
 * @param fallbackReason why the configured language model did not answer (timeout, error, unsafe
 *     answer), or null
 */
public record AssistantReply(
    String text, boolean emergency, ReplyKind kind, Engine engine, String fallbackReason) {

  static AssistantReply builtin(ReplyKind kind, String text) {
    return new AssistantReply(text, kind == ReplyKind.EMERGENCY, kind, Engine.BUILTIN, null);
  }
}
