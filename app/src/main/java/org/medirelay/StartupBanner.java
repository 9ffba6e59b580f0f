package org.medirelay;

import org.medirelay.session.JoinLinkSettings;
import org.medirelay.store.StoreSettings;
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
  private final JoinLinkSettings links;
  private final StoreSettings store;

  StartupBanner(JoinLinkSettings links, StoreSettings store) {
    this.links = links;
    this.store = store;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    LOG.info(
        "MediRelay app listening on port {} (public URL {}, store {})",
        web.getWebServer().getPort(),
        links.clientBaseUrl(),
        store.embedded()
            ? "embedded in " + store.dataDir().toAbsolutePath().normalize()
            : "MONGO_URI");
  }
}
