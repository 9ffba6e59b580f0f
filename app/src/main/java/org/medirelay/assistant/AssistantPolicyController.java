package org.medirelay.assistant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import org.medirelay.account.Role;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Administrators see how the assistant is set up and decide whether patient data may go to the
 * language model.
 */
@RestController
class AssistantPolicyController {

  record PolicyRequest(@NotNull Boolean sharePatientData) {}

  /**
   * The key is never shown; whether a provider is configured and where is enough to audit the
   * setup.
   */
  record PolicyView(
      boolean providerConfigured,
      String providerUrl,
      String model,
      boolean sharePatientData,
      String changedBy,
      Instant changedAt) {}

  private final AssistantPolicy policy;
  private final AssistantSettings settings;

  AssistantPolicyController(AssistantPolicy policy, AssistantSettings settings) {
    this.policy = policy;
    this.settings = settings;
  }

  @GetMapping("/api/admin/assistant")
  PolicyView show(@AuthenticationPrincipal CurrentUser user) {
    requireAdmin(user);
    return view(policy.current());
  }

  @PutMapping("/api/admin/assistant")
  PolicyView change(
      @Valid @RequestBody PolicyRequest body, @AuthenticationPrincipal CurrentUser user) {
    requireAdmin(user);
    return view(policy.change(body.sharePatientData(), user.id()));
  }

  private PolicyView view(AssistantPolicy.Stored stored) {
    var provider = settings.provider();
    return new PolicyView(
        provider.configured(),
        provider.configured() ? provider.baseUrl().toString() : null,
        provider.configured() ? provider.model() : null,
        stored.sharePatientData(),
        stored.changedBy(),
        stored.changedAt());
  }

  private static void requireAdmin(CurrentUser user) {
    if (!user.is(Role.ADMIN)) {
      throw ApiException.forbidden(
          "Only an administrator may see or change the assistant's data-sharing setting.");
    }
  }
}
