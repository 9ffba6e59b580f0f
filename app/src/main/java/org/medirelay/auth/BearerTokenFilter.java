package org.medirelay.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.medirelay.secret.BearerCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <access token>}. An invalid token leaves the request
 * anonymous, and the authorization rules then answer 401 where a user is required. Not a bean, so
 * it runs only inside the security chain.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

  private final AccessTokens tokens;

  BearerTokenFilter(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * A streamed answer (the event stream) ends with an async dispatch of the same request, which the
   * authorization rules check again: it needs its user too.
   */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String credentials = BearerCredentials.of(request.getHeader(HttpHeaders.AUTHORIZATION));
    if (credentials != null) {
      tokens
          .verify(credentials)
          .ifPresent(
              user -> {
                var authentication =
                    UsernamePasswordAuthenticationToken.authenticated(
                        user, null, List.of(new SimpleGrantedAuthority(user.role().authority())));
                SecurityContextHolder.getContext().setAuthentication(authentication);
              });
    }
    chain.doFilter(request, response);
  }
}
