package org.medirelay.clinic;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.BodyValidator;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The administrators' view and change of the clinic's settings (admins only: /api/admin/**). */
@RestController
class ClinicSettingsController {

  record SettingsRequest(@NotNull Boolean keepChat) {}

  record SettingsView(boolean keepChat, Instant updatedAt) {
    static SettingsView of(ClinicSettings settings) {
      return new SettingsView(settings.keepChat(), settings.updatedAt());
    }
  }

  private final ClinicSettingsService settings;
  private final BodyValidator validator;
  private final AuditLog audit;

  ClinicSettingsController(
      ClinicSettingsService settings, BodyValidator validator, AuditLog audit) {
    this.settings = settings;
    this.validator = validator;
    this.audit = audit;
  }

  @GetMapping("/api/admin/clinic-settings")
  SettingsView read() {
    return SettingsView.of(settings.current());
  }

  @PutMapping("/api/admin/clinic-settings")
  SettingsView change(
      @RequestBody(required = false) SettingsRequest body,
      @AuthenticationPrincipal CurrentUser admin,
      HttpServletRequest request) {
    SettingsRequest valid = validator.valid(body);
    ClinicSettings saved = settings.update(valid.keepChat(), admin.id());
    audit.record(
        AuditEventType.CLINIC_SETTINGS_CHANGED,
        admin.id(),
        null,
        request,
        "keepChat=" + saved.keepChat());
    return SettingsView.of(saved);
  }
}
