package org.medirelay.chat;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.medirelay.session.IntegrationAuth;
import org.medirelay.session.SessionService;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading a consult's kept chat ({@link KeptChats}): the appointment's doctor and patient, and the
 * clinic backend for its sessions (with the integration API's secret).
 */
@RestController
class ChatController {

  /** One message as its readers see it. */
  record ChatMessage(String from, String userId, Instant at, String text) {
    static ChatMessage of(KeptChatLine line) {
      return new ChatMessage(line.displayName(), line.userId(), line.at(), line.text());
    }
  }

  private final KeptChats chats;
  private final SessionService sessions;
  private final IntegrationAuth integration;

  ChatController(KeptChats chats, SessionService sessions, IntegrationAuth integration) {
    this.chats = chats;
    this.sessions = sessions;
    this.integration = integration;
  }

  /** The chat of one of the caller's appointments, oldest first (empty when none was kept). */
  @GetMapping("/api/appointments/{id}/chat")
  List<ChatMessage> ofAppointment(
      @PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    return chats.ofAppointment(user, id).stream().map(ChatMessage::of).toList();
  }

  /** The chat of one integration session, for the clinic backend. */
  @GetMapping("/sessions/{sessionId}/chat")
  List<ChatMessage> ofSession(
      @RequestHeader(name = "X-Internal-Secret", required = false) String presented,
      @PathVariable String sessionId,
      HttpServletRequest request) {
    integration.authenticate(presented, request);
    sessions
        .find(sessionId)
        .filter(session -> !session.ofOwnAppointment())
        .orElseThrow(
            () -> ApiException.notFound("There is no integration session " + sessionId + "."));
    return chats.ofSession(sessionId).stream().map(ChatMessage::of).toList();
  }
}
