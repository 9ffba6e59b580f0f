package org.medirelay.store;

import static org.medirelay.config.SettingValues.redacted;

import com.mongodb.ConnectionString;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the app keeps its data.
 *
 * @param dataDir DATA_DIR: the embedded database, generated keys, dev-mode passwords
 * @param mongoUri MONGO_URI: a real MongoDB, with its database name; empty: the embedded store
 *     under DATA_DIR
 */
@ConfigurationProperties
public record StoreSettings(
    @DefaultValue("./data") Path dataDir, @DefaultValue("") String mongoUri) {

  public StoreSettings {
    if (!mongoUri.isBlank() && new ConnectionString(mongoUri).getDatabase() == null) {
      throw new IllegalArgumentException(
          "MONGO_URI must name a database, e.g. mongodb://host:27017/medirelay");
    }
  }

  /** Whether the embedded store under DATA_DIR is used (no MONGO_URI). */
  public boolean embedded() {
    return mongoUri.isBlank();
  }

  /** A MongoDB URI may carry a password. */
  @Override
  public String toString() {
    return "StoreSettings[dataDir=" + dataDir + ", mongoUri=" + redacted(mongoUri) + "]";
  }
}
