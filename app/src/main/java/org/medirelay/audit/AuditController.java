package org.medirelay.audit;

import java.util.List;
import org.medirelay.problem.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for administrators (the role check is in SecurityConfiguration). */
@RestController
class AuditController {

  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping("/api/audit")
  List<AuditEvent> recent(
      @RequestParam(required = false) String userId,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000");
    }
    return audit.recent(userId, limit);
  }
}
