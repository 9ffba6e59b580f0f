package org.medirelay.session;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Whether an appointment's patient joins its call without waiting to be let in: always ({@code
 * automatic}, the doctor's standing choice) or until {@code expectedUntil} (the patient answered
 * the doctor's ring, so the doctor is expecting them now). One document per appointment, made on
 * the first change.
 */
@Document("patient_admissions")
record PatientAdmission(@Id String appointmentId, Boolean automatic, Instant expectedUntil) {

  /** The doctor's standing choice (absent until the doctor first makes it: false). */
  boolean alwaysDirectly() {
    return Boolean.TRUE.equals(automatic);
  }

  boolean entersDirectly(Instant now) {
    return alwaysDirectly() || expectedUntil != null && now.isBefore(expectedUntil);
  }
}
