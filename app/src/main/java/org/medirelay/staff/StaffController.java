package org.medirelay.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.medirelay.account.AccountService;
import org.medirelay.account.Role;
import org.medirelay.account.User;
import org.medirelay.account.UserView;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators manage the clinic's accounts: they create doctors and other administrators (no one
 * can sign up as one), find accounts, and disable or enable them. The role check is in
 * SecurityConfiguration ({@code /api/admin/**}).
 */
@RestController
class StaffController {

  /** Without a password the person gets an invitation link to choose their own. */
  record StaffRequest(
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(max = 120) String displayName,
      @NotNull Role role,
      @Size(min = 10, max = 200) String password) {}

  record StaffCreated(UserView user, String invitationUrl, Instant invitationExpiresAt) {}

  record InvitationView(String invitationUrl, Instant expiresAt) {}

  private final AccountService accounts;
  private final Invitations invitations;
  private final AuditLog audit;

  StaffController(AccountService accounts, Invitations invitations, AuditLog audit) {
    this.accounts = accounts;
    this.invitations = invitations;
    this.audit = audit;
  }

  @PostMapping("/api/admin/users")
  @ResponseStatus(HttpStatus.CREATED)
  StaffCreated create(
      @Valid @RequestBody StaffRequest body,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    User user =
        accounts.createStaff(body.displayName(), body.email(), body.role(), body.password());
    audit.record(
        AuditEventType.STAFF_CREATED,
        user.id(),
        user.email(),
        request,
        "role=" + user.role().json() + " by=" + admin.id());
    if (body.password() != null) {
      return new StaffCreated(UserView.of(user), null, null);
    }
    Invitations.Issued link = issue(user, admin, request);
    return new StaffCreated(UserView.of(user), link.url(), link.expiresAt());
  }

  @GetMapping("/api/admin/users")
  List<UserView> search(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String role,
      @RequestParam(defaultValue = "200") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000");
    }
    return accounts.search(q, role == null || role.isBlank() ? null : role(role), limit).stream()
        .map(UserView::of)
        .toList();
  }

  @PostMapping("/api/admin/users/{id}/disable")
  UserView disable(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    if (id.equals(admin.id())) {
      throw ApiException.conflict(
          "You cannot disable your own account: another administrator can.");
    }
    User user = accounts.disable(id);
    audit.record(AuditEventType.USER_DISABLED, id, user.email(), request, "by=" + admin.id());
    return UserView.of(user);
  }

  @PostMapping("/api/admin/users/{id}/enable")
  UserView enable(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    User user = accounts.enable(id);
    audit.record(AuditEventType.USER_ENABLED, id, user.email(), request, "by=" + admin.id());
    return UserView.of(user);
  }

  /** A new invitation link (also a password reset); the earlier one stops working. */
  @PostMapping("/api/admin/users/{id}/invitation")
  @ResponseStatus(HttpStatus.CREATED)
  InvitationView invite(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    User user =
        accounts.find(id).orElseThrow(() -> ApiException.notFound("There is no such user."));
    Invitations.Issued link = issue(user, admin, request);
    return new InvitationView(link.url(), link.expiresAt());
  }

  /**
   * A password reset: a link (mailed to the person, and shown to the administrator to pass on) with
   * which they choose a new password; an earlier invitation or reset link stops working.
   */
  @PostMapping("/api/admin/users/{id}/password-reset")
  @ResponseStatus(HttpStatus.CREATED)
  InvitationView resetPassword(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    User user =
        accounts.find(id).orElseThrow(() -> ApiException.notFound("There is no such user."));
    Invitations.Issued link = invitations.resetPassword(user);
    audit.record(
        AuditEventType.PASSWORD_RESET_ISSUED, user.id(), user.email(), request, "by=" + admin.id());
    return new InvitationView(link.url(), link.expiresAt());
  }

  private static Role role(String value) {
    try {
      return Role.fromJson(value);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("role must be patient, doctor or admin");
    }
  }

  private Invitations.Issued issue(User user, CurrentUser admin, HttpServletRequest request) {
    Invitations.Issued link = invitations.issue(user);
    audit.record(
        AuditEventType.INVITATION_ISSUED, user.id(), user.email(), request, "by=" + admin.id());
    return link;
  }
}
