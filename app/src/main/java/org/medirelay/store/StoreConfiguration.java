package org.medirelay.store;

import com.mongodb.ConnectionString;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the store: the MongoDB at MONGO_URI, or the embedded one in the data folder. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  MongoConnectionDetails mongoConnectionDetails(StoreSettings settings, DataDirectory data) {
    if (settings.embedded()) {
      return new EmbeddedMongoStore(data.resolve("medirelay.mv.db"));
    }
    ConnectionString uri = new ConnectionString(settings.mongoUri());
    return () -> uri;
  }
}
