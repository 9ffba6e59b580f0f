package org.medirelay.assistant;

import java.time.Clock;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

/**
 * The administrator's decision whether patient data may go to the external language model, kept in
 * the database so it survives restarts and is changed without redeploying. Off until an
 * administrator turns it on: without it the provider receives only the de-identified question (see
 * {@code ProviderHelp}).
 */
@Component
public class AssistantPolicy {

  static final String ID = "assistant";

  /** The stored decision. */
  @Document("assistant_settings")
  record Stored(@Id String id, boolean sharePatientData, String changedBy, Instant changedAt) {}

  private final MongoOperations mongo;
  private final Clock clock;

  AssistantPolicy(MongoOperations mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  public boolean sharePatientData() {
    Stored stored = mongo.findById(ID, Stored.class);
    return stored != null && stored.sharePatientData();
  }

  Stored current() {
    Stored stored = mongo.findById(ID, Stored.class);
    return stored != null ? stored : new Stored(ID, false, null, null);
  }

  Stored change(boolean sharePatientData, String adminId) {
    return mongo.save(new Stored(ID, sharePatientData, adminId, clock.instant()));
  }
}
