package org.medirelay.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.medirelay.secret.BearerCredentials;
import org.medirelay.secret.SharedSecret;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may scrape {@code /actuator/prometheus}: with METRICS_TOKEN set, a scraper sending {@code
 * Authorization: Bearer <METRICS_TOKEN>} from anywhere; without it, only clients on this machine.
 * Load figures and error counts are nobody else's business, and a public app port must not hand
 * them out.
 */
@Component
public class MetricsAccess implements AuthorizationManager<RequestAuthorizationContext> {

  private final SharedSecret token;

  MetricsAccess(MetricsSettings settings) {
    this.token = new SharedSecret(settings.metricsToken());
  }

  @Override
  public AuthorizationResult authorize(
      Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
    return new AuthorizationDecision(allows(context.getRequest()));
  }

  private boolean allows(HttpServletRequest request) {
    if (token.configured()) {
      return token.matches(BearerCredentials.of(request.getHeader(HttpHeaders.AUTHORIZATION)));
    }
    try {
      return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
