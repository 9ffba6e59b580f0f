package org.medirelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * The application tier: accounts, appointments, video sessions and join tokens, the browser client.
 * Users live in MongoDB and sign in with access tokens, so Boot's generated in-memory user is
 * switched off.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class MediRelayApplication {

  public static void main(String[] args) {
    SpringApplication.run(MediRelayApplication.class, args);
  }
}
