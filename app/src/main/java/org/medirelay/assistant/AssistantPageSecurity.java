package org.medirelay.assistant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The assistant's pages are static files that anyone may load, like the dashboard's: all they do is
 * call the API with the user's own access token, and the API checks it. This narrow chain, ordered
 * before the app's, matches only GETs of those files, so the API's rules stay as they are.
 */
@Configuration(proxyBeanMethods = false)
class AssistantPageSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain assistantPageFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher(
            request ->
                HttpMethod.GET.matches(request.getMethod())
                    && request.getRequestURI().matches("/assistant(/|/[a-z-]+\\.(html|js|css))?"))
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable());
    return http.build();
  }
}
