package org.medirelay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application tier: accounts, appointments, video sessions and join tokens, the browser client. */
@SpringBootApplication
public class MediRelayApplication {

  public static void main(String[] args) {
    SpringApplication.run(MediRelayApplication.class, args);
  }
}
