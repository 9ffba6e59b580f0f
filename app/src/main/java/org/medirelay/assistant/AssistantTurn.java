package org.medirelay.assistant;

import java.util.List;

/**
 * The answer to one message and the conversation's state after it.
 *
 * @param redFlags the presentations this message raised, as the doctor reads them (empty unless the
 *     reply is an emergency one)
 */
public record AssistantTurn(ConversationState state, AssistantReply reply, List<String> redFlags) {

  public AssistantTurn {
    redFlags = List.copyOf(redFlags);
  }

  AssistantTurn(ConversationState state, AssistantReply reply) {
    this(state, reply, List.of());
  }

  /** True when this message completed (or re-confirmed) the intake: the summary is new. */
  public boolean intakeCompleted() {
    return reply.kind() == ReplyKind.INTAKE && state.intake() != null && state.intake().complete();
  }
}
