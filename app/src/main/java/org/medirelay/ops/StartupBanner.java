package org.medirelay.ops;

import org.medirelay.config.MediRelaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * One line that says where the app listens and which store it uses; the launcher and the restart test read the port
 * from it, so its shape ("MediRelay app listening on port N") is kept stable.
 */
@Component
class StartupBanner implements ApplicationListener<WebServerInitializedEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);
  private final MediRelaySettings settings;

  StartupBanner(MediRelaySettings settings) {
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    LOG.info(
        "MediRelay app listening on port {} (public URL {}, store {})",
        event.getWebServer().getPort(),
        settings.getClientBaseUrl(),
        settings.getMongoUri().isBlank() ? "embedded in " + settings.getDataDir().toAbsolutePath().normalize() : "MONGO_URI");
  }
}
