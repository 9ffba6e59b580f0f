package org.medirelay.mail;

import java.util.List;
import org.medirelay.problem.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators read the outbox and pass messages on, since no mail server is configured; {@code
 * to} is an address as accounts store it, in lower case. The role check is in
 * SecurityConfiguration.
 */
@RestController
class MailOutboxController {

  private final MailOutbox outbox;

  MailOutboxController(MailOutbox outbox) {
    this.outbox = outbox;
  }

  @GetMapping("/api/admin/mail")
  List<Mail> recent(
      @RequestParam(required = false) String to, @RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000");
    }
    return outbox.recent(to, limit);
  }
}
