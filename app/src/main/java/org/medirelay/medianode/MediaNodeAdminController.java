package org.medirelay.medianode;

import jakarta.servlet.http.HttpServletRequest;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.medianode.MediaNodeController.NodeView;
import org.medirelay.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's drain and undrain buttons (administrators only, {@code /api/admin/**} in
 * SecurityConfiguration). The app cannot reach a node's own {@code /drain} endpoint (behind the
 * proxy it is kept for the node's machine), so the request travels in the node's next heartbeat
 * reply, which the node always receives: it takes effect within one heartbeat interval, hence 202.
 */
@RestController
class MediaNodeAdminController {

  private final MediaNodeRegistry registry;
  private final AuditLog audit;

  MediaNodeAdminController(MediaNodeRegistry registry, AuditLog audit) {
    this.registry = registry;
    this.audit = audit;
  }

  @PostMapping("/api/admin/media-nodes/{id}/drain")
  @ResponseStatus(HttpStatus.ACCEPTED)
  NodeView drain(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    return request(id, true, admin, request);
  }

  @DeleteMapping("/api/admin/media-nodes/{id}/drain")
  @ResponseStatus(HttpStatus.ACCEPTED)
  NodeView undrain(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    return request(id, false, admin, request);
  }

  private NodeView request(
      String id, boolean drain, CurrentUser admin, HttpServletRequest request) {
    if (!registry.requestDrain(id, drain)) {
      throw ApiException.notFound("There is no media node with this id.");
    }
    audit.record(
        drain
            ? AuditEventType.MEDIA_NODE_DRAIN_REQUESTED
            : AuditEventType.MEDIA_NODE_UNDRAIN_REQUESTED,
        admin.id(),
        id,
        request,
        null);
    RegisteredNode node = registry.registered(id).orElseThrow();
    return NodeView.of(node, registry.isLive(node));
  }
}
