package org.medirelay.assistant.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.medirelay.assistant.AssistantTurn;
import org.medirelay.assistant.ConversationState;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A patient's conversation with the assistant: its messages and the assistant's state. Belongs to
 * one patient for good; {@code revision} makes each update conditional on the version read, so two
 * messages sent at once cannot overwrite each other's turn.
 *
 * @param appointmentId the appointment whose intake this conversation runs, or null
 */
@Document("assistant_conversations")
@CompoundIndex(name = "patient_created", def = "{'patientId': 1, 'createdAt': -1}")
record Conversation(
    @Id String id,
    String patientId,
    String appointmentId,
    ConversationState state,
    List<ConversationMessage> messages,
    long revision,
    Instant createdAt,
    Instant updatedAt) {

  Conversation {
    messages = messages == null ? List.of() : List.copyOf(messages);
  }

  /** The conversation after one exchange. */
  Conversation after(String patientText, AssistantTurn turn, Instant now) {
    List<ConversationMessage> next = new ArrayList<>(messages);
    next.add(ConversationMessage.fromPatient(patientText, now));
    next.add(ConversationMessage.fromAssistant(turn.reply(), now));
    return new Conversation(
        id, patientId, appointmentId, turn.state(), next, revision + 1, createdAt, now);
  }
}
