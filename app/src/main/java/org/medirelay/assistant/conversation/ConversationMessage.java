package org.medirelay.assistant.conversation;

import java.time.Instant;
import org.medirelay.assistant.AssistantReply;
import org.medirelay.assistant.Engine;
import org.medirelay.assistant.ReplyKind;

/**
 * One message of a conversation as stored and shown.
 *
 * @param from "patient" or "assistant"
 * @param kind what an assistant message is (null for the patient's)
 * @param engine which engine wrote an assistant message (null for the patient's)
 */
record ConversationMessage(
    String from, String text, boolean emergency, ReplyKind kind, Engine engine, Instant at) {

  static ConversationMessage fromPatient(String text, Instant at) {
    return new ConversationMessage("patient", text, false, null, null, at);
  }

  static ConversationMessage fromAssistant(AssistantReply reply, Instant at) {
    return new ConversationMessage(
        "assistant", reply.text(), reply.emergency(), reply.kind(), reply.engine(), at);
  }
}
