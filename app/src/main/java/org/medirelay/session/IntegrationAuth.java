package org.medirelay.session;

import jakarta.servlet.http.HttpServletRequest;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.problem.ApiException;
import org.medirelay.secret.SharedSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The integration API's authentication: the clinic backend sends INTERNAL_SECRET in {@code
 * X-Internal-Secret} with every call. Without the setting the API is disabled (503).
 */
@Component
public class IntegrationAuth {

  private static final Logger LOG = LoggerFactory.getLogger(IntegrationAuth.class);

  private final SharedSecret secret;
  private final AuditLog audit;

  IntegrationAuth(IntegrationSettings settings, AuditLog audit) {
    this.secret = new SharedSecret(settings.internalSecret());
    this.audit = audit;
    if (!secret.configured()) {
      LOG.warn(
          "INTERNAL_SECRET is not set: the integration API (POST /sessions) is disabled and answers 503");
    }
  }

  /** Passes a call that presented the secret; otherwise 503 or 401, and an audit record. */
  public void authenticate(String presented, HttpServletRequest request) {
    if (!secret.configured()) {
      throw ApiException.unavailable(
          "The integration API is disabled: INTERNAL_SECRET is not configured on the server.");
    }
    if (!secret.matches(presented)) {
      audit.record(
          AuditEventType.INTEGRATION_AUTH_FAILED, null, null, request, request.getRequestURI());
      throw ApiException.unauthorized(
          "Send the clinic backend's secret in the X-Internal-Secret header.");
    }
  }
}
