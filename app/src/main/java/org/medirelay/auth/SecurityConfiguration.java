package org.medirelay.auth;

import org.medirelay.ops.ApiDocsAccess;
import org.medirelay.ops.MetricsAccess;
import org.medirelay.problem.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * Who may call what. Every API endpoint is listed with the roles allowed on it; anything not listed
 * needs at least a signed-in user. Endpoints that authenticate differently (the integration API's
 * X-Internal-Secret, the media nodes' shared secret, the join page's join token) are open here and
 * check their own credential. Stateless: no cookies, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final String PATIENT = "PATIENT";
  private static final String DOCTOR = "DOCTOR";
  private static final String ADMIN = "ADMIN";

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      AccessTokens tokens,
      ProblemResponses problems,
      MetricsAccess metrics,
      ApiDocsAccess apiDocs)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .addFilterBefore(new BearerTokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) ->
                            problems.write(
                                response,
                                ProblemResponses.problem(
                                    HttpStatus.UNAUTHORIZED,
                                    "Unauthorized",
                                    "Sign in first: send Authorization: Bearer <token>.",
                                    request)))
                    .accessDeniedHandler(
                        (request, response, e) ->
                            problems.write(
                                response,
                                ProblemResponses.problem(
                                    HttpStatus.FORBIDDEN,
                                    "Forbidden",
                                    "Your role may not do this.",
                                    request))))
        .authorizeHttpRequests(
            auth ->
                auth
                    // Public: pages, the browser client, health, JWKS. Metrics: see MetricsAccess;
                    // API docs: ApiDocsAccess.
                    .requestMatchers(
                        HttpMethod.GET,
                        "/",
                        "/index.html",
                        "/app/**",
                        "/call/**",
                        "/shared/*.js",
                        "/favicon.ico")
                    .permitAll()
                    // The administrators' pages: what they show comes from the /api/admin API.
                    .requestMatchers(HttpMethod.GET, "/admin/*.html", "/admin/*.js")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/join/*", "/.well-known/jwks.json", "/health")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                    .access(metrics)
                    .requestMatchers(
                        HttpMethod.GET,
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/swagger-ui.html",
                        "/swagger-ui/**")
                    .access(apiDocs)
                    .requestMatchers("/error")
                    .permitAll()
                    // Accounts.
                    .requestMatchers(
                        HttpMethod.POST,
                        "/api/auth/register",
                        "/api/auth/login",
                        "/api/auth/invitation")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/api/users/profile")
                    .hasAnyRole(PATIENT, DOCTOR, ADMIN)
                    // Secret-authenticated machine APIs (checked in their controllers, in constant
                    // time).
                    .requestMatchers(
                        HttpMethod.POST,
                        "/sessions",
                        "/sessions/*/join",
                        "/api/media-nodes/heartbeat")
                    .permitAll()
                    .requestMatchers(HttpMethod.GET, "/sessions/*/chat")
                    .permitAll()
                    // Doctors and availability.
                    .requestMatchers(HttpMethod.GET, "/api/doctors", "/api/doctors/*/slots")
                    .hasAnyRole(PATIENT, DOCTOR, ADMIN)
                    .requestMatchers(HttpMethod.POST, "/api/doctors/*/availability")
                    .hasRole(DOCTOR)
                    .requestMatchers(HttpMethod.GET, "/api/doctors/*/availability")
                    .hasRole(DOCTOR)
                    // Appointments: ownership is checked per appointment in AppointmentService.
                    .requestMatchers(HttpMethod.POST, "/api/appointments")
                    .hasRole(PATIENT)
                    .requestMatchers(HttpMethod.GET, "/api/appointments", "/api/appointments/*")
                    .hasAnyRole(PATIENT, DOCTOR, ADMIN)
                    .requestMatchers(HttpMethod.PUT, "/api/appointments/*/status")
                    .hasAnyRole(PATIENT, DOCTOR, ADMIN)
                    .requestMatchers(HttpMethod.POST, "/api/appointments/*/session")
                    .hasAnyRole(PATIENT, DOCTOR)
                    .requestMatchers(HttpMethod.GET, "/api/calls")
                    .hasAnyRole(PATIENT, DOCTOR)
                    // Ringing: Rings decides per ring who answers (the patient) and who cancels.
                    .requestMatchers(HttpMethod.POST, "/api/appointments/*/ring")
                    .hasRole(DOCTOR)
                    .requestMatchers("/api/rings/**")
                    .hasAnyRole(PATIENT, DOCTOR)
                    // The dashboards' event stream.
                    .requestMatchers(HttpMethod.GET, "/api/events")
                    .hasAnyRole(PATIENT, DOCTOR)
                    // After the call: VisitNotes decides who writes and reads which note (403).
                    .requestMatchers("/api/appointments/*/note")
                    .hasAnyRole(PATIENT, DOCTOR, ADMIN)
                    .requestMatchers(HttpMethod.GET, "/api/visits", "/api/appointments/*/chat")
                    .hasAnyRole(PATIENT, DOCTOR)
                    // Operations.
                    .requestMatchers(
                        HttpMethod.GET, "/api/media-nodes", "/api/audit", "/api/audit/types")
                    .hasRole(ADMIN)
                    // Accounts, the outbox, the assistant's policy, drains, calls in progress.
                    .requestMatchers("/api/admin/**")
                    .hasRole(ADMIN)
                    .anyRequest()
                    .authenticated());
    return http.build();
  }

  /**
   * Argon2id with Spring Security's current recommended parameters (16 MiB, 2 iterations): slow for
   * guessers.
   */
  @Bean
  PasswordEncoder passwordEncoder() {
    return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  }
}
