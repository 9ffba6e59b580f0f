package org.medirelay.session;

import java.time.Clock;
import java.time.Duration;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Which patients skip the waiting room: the app adds the {@code enter} grant to the join token of
 * an appointment's patient when the appointment's doctor arranged it (see {@link
 * PatientAdmission}). The waiting room stays the default: a patient who opens their link early
 * waits for the doctor. Kept in the store, so every app instance issues the same tokens.
 */
@Service
public class PatientAdmissions {

  /** How long a patient who answered the doctor's ring enters directly: time to open the call. */
  static final Duration EXPECTED_FOR = Duration.ofMinutes(2);

  private final MongoOperations mongo;
  private final Clock clock;

  PatientAdmissions(MongoOperations mongo, Clock clock) {
    this.mongo = mongo;
    this.clock = clock;
  }

  /** The doctor's standing choice for the appointment's patient. */
  void setAutomatic(String appointmentId, boolean automatic) {
    upsert(appointmentId, new Update().set("automatic", automatic));
  }

  /** The patient answered the doctor's ring: they enter directly for {@link #EXPECTED_FOR}. */
  public void expect(String appointmentId) {
    upsert(appointmentId, new Update().set("expectedUntil", clock.instant().plus(EXPECTED_FOR)));
  }

  boolean automatic(String appointmentId) {
    PatientAdmission admission = mongo.findById(appointmentId, PatientAdmission.class);
    return admission != null && admission.alwaysDirectly();
  }

  /** Whether the appointment's patient joins now without waiting to be let in. */
  boolean entersDirectly(String appointmentId) {
    PatientAdmission admission = mongo.findById(appointmentId, PatientAdmission.class);
    return admission != null && admission.entersDirectly(clock.instant());
  }

  private void upsert(String appointmentId, Update update) {
    mongo.findAndModify(
        Query.query(Criteria.where("_id").is(appointmentId)),
        update,
        FindAndModifyOptions.options().upsert(true),
        PatientAdmission.class);
  }
}
