package org.medirelay.store;

import com.mongodb.ConnectionString;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the store: the MongoDB at MONGO_URI, or the embedded one in the data folder. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  MongoConnectionDetails mongoConnectionDetails(StoreSettings settings, DataDirectory data) {
    if (settings.embedded()) {
      return new EmbeddedMongoStore(data.ownerOnlyFile("medirelay.mv.db"));
    }
    ConnectionString uri = new ConnectionString(settings.mongoUri());
    return () -> uri;
  }

  /** The embedded store refuses clients that have not signed in with its secret. */
  @Bean
  MongoClientSettingsBuilderCustomizer embeddedStoreSignIn(MongoConnectionDetails details) {
    return settings -> {
      if (details instanceof EmbeddedMongoStore embedded) {
        settings.credential(embedded.credential());
      }
    };
  }
}
