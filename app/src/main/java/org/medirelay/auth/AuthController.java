package org.medirelay.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Optional;
import org.medirelay.account.AccountService;
import org.medirelay.account.Emails;
import org.medirelay.account.Role;
import org.medirelay.account.User;
import org.medirelay.account.UserView;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Registration, sign-in and the signed-in user's profile. */
@RestController
class AuthController {

  record RegisterRequest(
      @NotBlank @Size(max = 120) String name,
      @NotBlank @Email @Size(max = 254) String email,
      @NotBlank @Size(min = 10, max = 200) String password,
      Role role) {}

  /** The same whether the email was new or already had an account. */
  record RegistrationAnswer(String detail) {}

  static final RegistrationAnswer REGISTERED =
      new RegistrationAnswer(
          "Thank you. If this email is new here, your account is ready and you can sign in now;"
              + " if it already has an account, we have sent a message to that address.");

  /** {@code proof}: a proof of work, once the address must send one (see LoginThrottle). */
  record LoginRequest(
      @NotBlank @Size(max = 254) String email,
      @NotBlank @Size(max = 200) String password,
      @Valid LoginThrottle.Proof proof) {}

  record LoginResponse(String token, long expiresIn, UserView user) {}

  private final AccountService accounts;
  private final AccessTokens tokens;
  private final LoginThrottle throttle;
  private final AuditLog audit;

  AuthController(
      AccountService accounts, AccessTokens tokens, LoginThrottle throttle, AuditLog audit) {
    this.accounts = accounts;
    this.tokens = tokens;
    this.throttle = throttle;
    this.audit = audit;
  }

  /**
   * Patients sign themselves up; staff accounts come from an administrator. 202 with one answer for
   * a new and a taken email alike (the owner of a taken one hears about it by mail), so this
   * endpoint cannot be used to find out who has an account.
   */
  @PostMapping("/api/auth/register")
  @ResponseStatus(HttpStatus.ACCEPTED)
  RegistrationAnswer register(
      @Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
    if (body.role() != null && body.role() != Role.PATIENT) {
      throw ApiException.forbidden(
          "Only patients sign up here. Doctor and administrator accounts are created by your"
              + " clinic's administrator.");
    }
    Optional<Duration> wait = throttle.takeRegistration(request.getRemoteAddr());
    if (wait.isPresent()) {
      throw ApiException.tooManyRequests(
          "Too many new accounts from this address. Try again later.", wait.get());
    }
    Optional<User> user = accounts.registerPatient(body.name(), body.email(), body.password());
    if (user.isPresent()) {
      audit.record(
          AuditEventType.ACCOUNT_REGISTERED, user.get().id(), user.get().email(), request, null);
    } else {
      audit.record(
          AuditEventType.REGISTRATION_EMAIL_TAKEN,
          null,
          Emails.normalize(body.email()),
          request,
          null);
    }
    return REGISTERED;
  }

  @PostMapping("/api/auth/login")
  LoginResponse login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
    String email = Emails.normalize(body.email());
    String address = request.getRemoteAddr();
    try {
      throttle.check(email, address, body.proof());
    } catch (ApiException refused) {
      String why = refused.properties().containsKey("challenge") ? "proof of work asked" : "paused";
      audit.record(AuditEventType.LOGIN_RATE_LIMITED, null, email, request, why);
      throw refused;
    }
    Optional<User> user = accounts.authenticate(email, body.password());
    if (user.isEmpty()) {
      throttle.recordFailure(email, address);
      audit.record(AuditEventType.LOGIN_FAILED, null, email, request, null);
      throw ApiException.unauthorized("The email or password is wrong.");
    }
    if (user.get().disabled()) {
      // Said only to someone who knows the password, so it tells a guesser nothing.
      audit.record(AuditEventType.LOGIN_FAILED, user.get().id(), email, request, "disabled");
      throw ApiException.forbidden(
          "This account has been disabled. Ask your clinic's administrator.");
    }
    throttle.recordSuccess(email, address);
    audit.record(AuditEventType.LOGIN_SUCCEEDED, user.get().id(), email, request, null);
    return new LoginResponse(
        tokens.issue(user.get()), tokens.ttl().toSeconds(), UserView.of(user.get()));
  }

  @GetMapping("/api/users/profile")
  UserView profile(@AuthenticationPrincipal CurrentUser current) {
    return accounts
        .find(current.id())
        .map(UserView::of)
        .orElseThrow(() -> ApiException.unauthorized("This account no longer exists."));
  }
}
