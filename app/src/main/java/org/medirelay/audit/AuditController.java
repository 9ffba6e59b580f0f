package org.medirelay.audit;

import java.time.Instant;
import java.util.Arrays;
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

  /**
   * The newest events first, narrowed by any of: the user, the subject (an email, a session, an
   * appointment…), the type, and the time range [from, to).
   */
  @GetMapping("/api/audit")
  List<AuditEvent> recent(
      @RequestParam(required = false) String userId,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000");
    }
    if (from != null && to != null && !to.isAfter(from)) {
      throw ApiException.badRequest("to must be after from");
    }
    return audit.find(
        new AuditLog.Filter(blankToNull(userId), blankToNull(subject), type(type), from, to),
        limit);
  }

  /** The event types, for the console's filter. */
  @GetMapping("/api/audit/types")
  List<AuditEventType> types() {
    return Arrays.asList(AuditEventType.values());
  }

  private static AuditEventType type(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return AuditEventType.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "type must be one of " + Arrays.toString(AuditEventType.values()));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
