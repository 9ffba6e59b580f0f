package org.medirelay.assistant.conversation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.medirelay.account.Role;
import org.medirelay.assistant.AssistantReply;
import org.medirelay.assistant.AssistantTurn;
import org.medirelay.assistant.ConversationState;
import org.medirelay.assistant.Engine;
import org.medirelay.assistant.ReplyKind;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's conversations with the consult assistant. Patients only: doctors read the intake
 * summary instead.
 */
@RestController
class ConversationController {

  record OpenRequest(@Size(max = 64) String appointmentId) {}

  record MessageRequest(@NotBlank @Size(max = 2000) String text) {}

  /**
   * The answer to one message. {@code intakeComplete} is null for a conversation without an intake.
   */
  record ReplyView(
      String reply,
      boolean emergency,
      ReplyKind kind,
      Engine engine,
      String fallbackReason,
      Boolean intakeComplete,
      String intakeStep) {}

  record ConversationView(
      String id,
      String appointmentId,
      Boolean intakeComplete,
      String intakeStep,
      List<ConversationMessage> messages,
      Instant createdAt,
      Instant updatedAt) {}

  record ConversationListItem(
      String id, String appointmentId, Instant createdAt, Instant updatedAt) {}

  private final ConversationService conversations;

  ConversationController(ConversationService conversations) {
    this.conversations = conversations;
  }

  @PostMapping("/api/assistant/conversations")
  ResponseEntity<ConversationView> open(
      @Valid @RequestBody(required = false) OpenRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    requirePatient(user);
    String appointmentId =
        body == null || body.appointmentId() == null || body.appointmentId().isBlank()
            ? null
            : body.appointmentId().strip();
    ConversationService.Opened opened = conversations.open(user, appointmentId);
    ConversationView view = view(opened.conversation());
    if (!opened.created()) {
      return ResponseEntity.ok(view);
    }
    return ResponseEntity.created(URI.create("/api/assistant/conversations/" + view.id()))
        .body(view);
  }

  @GetMapping("/api/assistant/conversations")
  List<ConversationListItem> mine(@AuthenticationPrincipal CurrentUser user) {
    requirePatient(user);
    return conversations.mine(user).stream()
        .map(c -> new ConversationListItem(c.id(), c.appointmentId(), c.createdAt(), c.updatedAt()))
        .toList();
  }

  @GetMapping("/api/assistant/conversations/{id}")
  ConversationView one(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    requirePatient(user);
    return view(conversations.own(user, id));
  }

  @PostMapping("/api/assistant/conversations/{id}/messages")
  ReplyView send(
      @PathVariable String id,
      @Valid @RequestBody MessageRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    requirePatient(user);
    AssistantTurn turn = conversations.send(user, id, body.text().strip());
    AssistantReply reply = turn.reply();
    ConversationState state = turn.state();
    return new ReplyView(
        reply.text(),
        reply.emergency(),
        reply.kind(),
        reply.engine(),
        reply.fallbackReason(),
        intakeComplete(state),
        intakeStep(state));
  }

  private static ConversationView view(Conversation c) {
    return new ConversationView(
        c.id(),
        c.appointmentId(),
        intakeComplete(c.state()),
        intakeStep(c.state()),
        c.messages(),
        c.createdAt(),
        c.updatedAt());
  }

  private static Boolean intakeComplete(ConversationState state) {
    return state.intake() == null ? null : state.summary() != null && !state.intakeInProgress();
  }

  private static String intakeStep(ConversationState state) {
    return state.intakeInProgress() ? state.intake().step().name().toLowerCase(Locale.ROOT) : null;
  }

  private static void requirePatient(CurrentUser user) {
    if (!user.is(Role.PATIENT)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN, "Forbidden", "The assistant's conversations are for patients.");
    }
  }
}
