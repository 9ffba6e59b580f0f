package org.medirelay.assistant;

/** The answer to one message and the conversation's state after it. */
public record AssistantTurn(ConversationState state, AssistantReply reply) {

  /** True when this message completed (or re-confirmed) the intake: the summary is new. */
  public boolean intakeCompleted() {
    return reply.kind() == ReplyKind.INTAKE && state.intake() != null && state.intake().complete();
  }
}
