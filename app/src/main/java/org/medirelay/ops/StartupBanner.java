package org.medirelay.ops;

import org.medirelay.config.MediRelaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One line that says where the app listens and which store it uses. It comes once the app is ready,
 * after its startup tasks (the development accounts among them), so whoever reads it can use the
 * app at once; the launcher, the restart test and the benchmark read the port from it, so its shape
 * ("MediRelay app listening on port N") is kept stable.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);
  private final MediRelaySettings settings;

  StartupBanner(MediRelaySettings settings) {
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    LOG.info(
        "MediRelay app listening on port {} (public URL {}, store {})",
        web.getWebServer().getPort(),
        settings.getClientBaseUrl(),
        settings.getMongoUri().isBlank()
            ? "embedded in " + settings.getDataDir().toAbsolutePath().normalize()
            : "MONGO_URI");
  }
}
