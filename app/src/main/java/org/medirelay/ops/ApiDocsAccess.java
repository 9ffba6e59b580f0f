package org.medirelay.ops;

import java.util.function.Supplier;
import org.medirelay.account.DevelopmentMode;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may read the OpenAPI document and its UI: anyone in development mode, otherwise only
 * administrators. A production server's full map of endpoints, parameters and machine APIs is a
 * head start for an attacker and of no use to a patient.
 */
@Component
public class ApiDocsAccess implements AuthorizationManager<RequestAuthorizationContext> {

  private final boolean open;
  private final AuthorizationManager<RequestAuthorizationContext> admins =
      AuthorityAuthorizationManager.hasRole("ADMIN");

  ApiDocsAccess(DevelopmentMode mode) {
    this.open = mode.on();
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    return open ? new AuthorizationDecision(true) : admins.authorize(authentication, context);
  }
}
