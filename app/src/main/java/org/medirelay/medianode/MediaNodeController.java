package org.medirelay.medianode;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.heartbeat.HeartbeatReply;
import org.medirelay.heartbeat.NodeHeartbeat;
import org.medirelay.problem.ApiException;
import org.medirelay.problem.BodyValidator;
import org.medirelay.secret.BearerCredentials;
import org.medirelay.secret.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Media-node heartbeats (authenticated by MEDIA_NODE_SECRET) and the administrators' view of the
 * fleet; the console's drain controls are in {@link MediaNodeAdminController}.
 */
@RestController
class MediaNodeController {

  private static final Logger LOG = LoggerFactory.getLogger(MediaNodeController.class);

  record NodeView(
      String id,
      String signalingUrl,
      String udpAddress,
      int capacity,
      int sessions,
      int participants,
      boolean draining,
      List<String> activeSessions,
      boolean live,
      Instant lastHeartbeat,
      Instant registeredAt,
      Boolean drainRequest) {

    static NodeView of(RegisteredNode n, boolean live) {
      return new NodeView(
          n.id(),
          n.signalingUrl(),
          n.udpAddress(),
          n.capacity(),
          n.sessions(),
          n.participants(),
          n.draining(),
          n.activeSessions(),
          live,
          n.lastHeartbeat(),
          n.registeredAt(),
          n.drainRequest());
    }
  }

  private final MediaNodeRegistry registry;
  private final Withdrawals withdrawals;
  private final CallEndings callEndings;
  private final ChatKeeping chat;
  private final SharedSecret secret;
  private final AuditLog audit;
  private final BodyValidator validator;

  MediaNodeController(
      MediaNodeRegistry registry,
      Withdrawals withdrawals,
      CallEndings callEndings,
      ChatKeeping chat,
      MediaNodeSettings settings,
      AuditLog audit,
      BodyValidator validator) {
    this.validator = validator;
    this.registry = registry;
    this.withdrawals = withdrawals;
    this.callEndings = callEndings;
    this.chat = chat;
    this.secret = new SharedSecret(settings.mediaNodeSecret());
    this.audit = audit;
    if (!secret.configured()) {
      LOG.warn(
          "MEDIA_NODE_SECRET is not set: media-node heartbeats are refused, so no media node can register");
    }
  }

  /**
   * The secret is checked before the body's fields, so a caller without it learns nothing about
   * what is expected. The reply tells the node what it must no longer admit, so a cancelled
   * consultation or a withdrawn guest is cut off within one heartbeat interval. Calls a host ended
   * are passed on before the reply is written, so the reply already withdraws their sessions; chat
   * said in calls (while the clinic keeps chat) is kept before the reply acknowledges it.
   */
  @PostMapping("/api/media-nodes/heartbeat")
  HeartbeatReply heartbeat(
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestBody(required = false) NodeHeartbeat body,
      HttpServletRequest request) {
    if (!secret.configured()) {
      throw ApiException.unavailable(
          "Media-node registration is disabled: MEDIA_NODE_SECRET is not configured.");
    }
    if (!secret.matches(BearerCredentials.of(authorization))) {
      audit.record(AuditEventType.MEDIA_NODE_AUTH_FAILED, null, null, request, null);
      throw ApiException.unauthorized(
          "A media node must send Authorization: Bearer <MEDIA_NODE_SECRET>.");
    }
    NodeHeartbeat beat = validator.valid(body);
    MediaNodeRegistry.Heard heard = registry.heartbeat(beat);
    if (heard.registered()) {
      audit.record(
          AuditEventType.MEDIA_NODE_REGISTERED, null, beat.id(), request, beat.signalingUrl());
    }
    if (beat.endedCalls() != null) {
      beat.endedCalls()
          .forEach(
              call ->
                  callEndings.ended(call.sessionId(), call.startedAt(), call.endedAt(), beat.id()));
    }
    if (beat.chat() != null && !beat.chat().isEmpty()) {
      chat.said(beat.chat(), beat.id());
    }
    return new HeartbeatReply(
        registry.heartbeatInterval().toSeconds(),
        withdrawals.endedSessions(),
        withdrawals.revokedParticipants(),
        heard.drainRequest(),
        chat.keepsChat());
  }

  @GetMapping("/api/media-nodes")
  List<NodeView> nodes() {
    return registry.all().stream().map(n -> NodeView.of(n, registry.isLive(n))).toList();
  }
}
