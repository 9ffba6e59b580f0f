package org.medirelay.clinic;

import java.time.Clock;
import java.util.Optional;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Reads and changes the {@link ClinicSettings}. Read from the store each time, so every app
 * instance on it answers alike at once (the media nodes ask with every heartbeat).
 */
@Service
public class ClinicSettingsService {

  private final MongoOperations mongo;
  private final Clock clock;

  ClinicSettingsService(MongoOperations mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  public ClinicSettings current() {
    return Optional.ofNullable(mongo.findById(ClinicSettings.ID, ClinicSettings.class))
        .orElse(ClinicSettings.DEFAULTS);
  }

  ClinicSettings update(boolean keepChat, String adminId) {
    return mongo.findAndModify(
        Query.query(Criteria.where("_id").is(ClinicSettings.ID)),
        new Update()
            .set("keepChat", keepChat)
            .set("updatedAt", clock.instant())
            .set("updatedBy", adminId),
        FindAndModifyOptions.options().upsert(true).returnNew(true),
        ClinicSettings.class);
  }
}
