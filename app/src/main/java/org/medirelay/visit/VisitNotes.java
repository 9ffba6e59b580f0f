package org.medirelay.visit;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.appointment.AppointmentStatus;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Who may write and read a visit note: the appointment's doctor writes it and reads it; its patient
 * reads it once shared; anyone else, administrators included (it is clinical), is refused with 403,
 * whether or not the appointment exists, so an id reveals nothing.
 */
@Service
class VisitNotes {

  private final MongoOperations mongo;
  private final AppointmentService appointments;
  private final Clock clock;

  VisitNotes(MongoOperations mongo, AppointmentService appointments, Clock clock) {
    this.mongo = mongo;
    this.appointments = appointments;
    this.clock = clock;
  }

  /** Creates or replaces the note of one of the doctor's appointments. */
  VisitNote write(CurrentUser doctor, String appointmentId, String text, boolean shared) {
    Appointment appointment =
        appointments
            .find(appointmentId)
            .filter(a -> a.doctorId().equals(doctor.id()))
            .orElseThrow(
                () ->
                    ApiException.forbidden("Only the appointment's doctor writes its visit note."));
    if (appointment.status() == AppointmentStatus.REQUESTED
        || appointment.status() == AppointmentStatus.CANCELLED) {
      throw ApiException.conflict(
          "A visit note belongs to a consultation that is confirmed or has taken place (this one is "
              + appointment.status().json()
              + ").");
    }
    Instant now = clock.instant();
    VisitNote before = mongo.findById(appointmentId, VisitNote.class);
    // Sharing again keeps the first time it was shared: that is when the patient could read it.
    Instant sharedAt = !shared ? null : before != null && before.shared() ? before.sharedAt() : now;
    return mongo.findAndModify(
        Query.query(Criteria.where("_id").is(appointmentId)),
        new Update()
            .set("text", text)
            .set("updatedAt", now)
            .set("sharedAt", sharedAt)
            .setOnInsert("createdAt", now),
        FindAndModifyOptions.options().upsert(true).returnNew(true),
        VisitNote.class);
  }

  /** The note as this user may read it: empty when there is none yet, or none shared yet. */
  Optional<VisitNote> read(CurrentUser user, String appointmentId) {
    Appointment appointment =
        appointments.involving(
            user, appointmentId, "Only the appointment's doctor and patient read its visit note.");
    return Optional.ofNullable(mongo.findById(appointmentId, VisitNote.class))
        .filter(note -> appointment.doctorId().equals(user.id()) || note.shared());
  }

  /** The notes of these appointments, by appointment id, as {@code user} may read them. */
  Map<String, VisitNote> readable(CurrentUser user, Collection<Appointment> of) {
    Map<String, Appointment> byId =
        of.stream().collect(Collectors.toMap(Appointment::id, Function.identity()));
    return mongo
        .find(Query.query(Criteria.where("_id").in(byId.keySet())), VisitNote.class)
        .stream()
        .filter(
            note ->
                byId.get(note.appointmentId()).doctorId().equals(user.id())
                    || (byId.get(note.appointmentId()).patientId().equals(user.id())
                        && note.shared()))
        .collect(Collectors.toMap(VisitNote::appointmentId, Function.identity()));
  }
}
