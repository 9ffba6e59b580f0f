package org.medirelay.account;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Whether this app runs in development mode (MEDIRELAY_DEV=true or the "dev" profile): demo
 * accounts, and the API documentation open to anyone. Asked in one place so that the two never
 * disagree about which mode they are in.
 */
@Component
public class DevelopmentMode {

  private final boolean on;

  DevelopmentMode(DevModeSettings settings, Environment environment) {
    this.on = settings.medirelayDev() || environment.acceptsProfiles(Profiles.of("dev"));
  }

  public boolean on() {
    return on;
  }
}
