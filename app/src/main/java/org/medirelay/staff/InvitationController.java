package org.medirelay.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.medirelay.account.User;
import org.medirelay.account.UserView;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The invited person chooses their password (anyone holding a valid link may call this). */
@RestController
class InvitationController {

  record AcceptRequest(
      @NotBlank @Size(max = 100) String token,
      @NotBlank @Size(min = 10, max = 200) String password) {}

  private final Invitations invitations;
  private final AuditLog audit;

  InvitationController(Invitations invitations, AuditLog audit) {
    this.invitations = invitations;
    this.audit = audit;
  }

  @PostMapping("/api/auth/invitation")
  UserView accept(@Valid @RequestBody AcceptRequest body, HttpServletRequest request) {
    User user = invitations.accept(body.token(), body.password());
    audit.record(AuditEventType.INVITATION_ACCEPTED, user.id(), user.email(), request, null);
    return UserView.of(user);
  }
}
