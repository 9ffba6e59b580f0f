package org.medirelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The application tier: accounts, appointments, video sessions and join tokens, the browser client.
 * Users live in MongoDB and sign in with access tokens, so Boot's generated in-memory user is
 * switched off.
 *
 * <p>Each feature's configuration is an immutable {@code @ConfigurationProperties} record beside it
 * ({@code StoreSettings}, {@code TurnSettings}, …), found by the scan below. They bind from the
 * root of the environment, so each component is set by the environment variable of the same name in
 * upper snake case ({@code dataDir} by {@code DATA_DIR}), the names README.md lists ("App
 * (environment variables)"); each record holds its defaults and refuses values that cannot work.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MediRelayApplication {

  public static void main(String[] args) {
    SpringApplication.run(MediRelayApplication.class, args);
  }
}
