package org.medirelay.store;

import com.mongodb.ConnectionString;
import org.medirelay.config.DataDirectory;
import org.medirelay.config.MediRelaySettings;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the store: the MongoDB at MONGO_URI, or the embedded one in the data folder. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  MongoConnectionDetails mongoConnectionDetails(MediRelaySettings settings, DataDirectory data) {
    if (!settings.getMongoUri().isBlank()) {
      ConnectionString uri = new ConnectionString(settings.getMongoUri());
      if (uri.getDatabase() == null) {
        throw new IllegalStateException(
            "MONGO_URI must name a database, e.g. mongodb://host:27017/medirelay");
      }
      return () -> uri;
    }
    return new EmbeddedMongoStore(data.resolve("medirelay.mv.db"));
  }
}
