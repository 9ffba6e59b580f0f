package org.medirelay.appointment;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.medirelay.account.Role;
import org.medirelay.account.User;
import org.medirelay.appointment.StatusTransitions.Actor;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Booking and the life of an appointment. A user sees only appointments they are the doctor or the
 * patient of (an administrator sees all); someone else's appointment is "not found", so ids reveal
 * nothing.
 */
@Service
public class AppointmentService {

  private static final int MAX_LISTED = 500;

  private final MongoOperations mongo;
  private final AvailabilityService availability;
  private final Clock clock;

  AppointmentService(MongoOperations mongo, AvailabilityService availability, Clock clock) {
    this.mongo = mongo;
    this.availability = availability;
    this.clock = clock;
  }

  Appointment book(CurrentUser patient, String doctorId, Instant start, String reason) {
    User doctor = availability.requireDoctor(doctorId);
    if (!start.isAfter(clock.instant())) {
      throw ApiException.badRequest("This slot has already begun.");
    }
    Availability window =
        availability
            .windowWithSlotAt(doctorId, start)
            .orElseThrow(
                () -> ApiException.conflict("The doctor has no slot starting at " + start + "."));
    Instant now = clock.instant();
    Appointment appointment =
        new Appointment(
            new ObjectId().toHexString(),
            doctorId,
            doctor.name(),
            patient.id(),
            patient.name(),
            start,
            start.plus(window.slotLength()),
            reason == null ? "" : reason.strip(),
            AppointmentStatus.REQUESTED,
            Appointment.slotKey(doctorId, start),
            now,
            now,
            null,
            null,
            null);
    try {
      return mongo.insert(appointment);
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("This slot is already booked.");
    }
  }

  public List<Appointment> list(CurrentUser user, boolean includePast) {
    Criteria criteria =
        switch (user.role()) {
          case PATIENT -> Criteria.where("patientId").is(user.id());
          case DOCTOR -> Criteria.where("doctorId").is(user.id());
          case ADMIN -> new Criteria();
        };
    if (!includePast) {
      // A cancelled appointment stays until its time has passed, shown as cancelled: a slot that
      // silently vanished would leave the other side wondering what happened.
      criteria =
          criteria.orOperator(
              Criteria.where("status")
                  .in(
                      AppointmentStatus.REQUESTED,
                      AppointmentStatus.CONFIRMED,
                      AppointmentStatus.IN_PROGRESS),
              Criteria.where("status")
                  .is(AppointmentStatus.CANCELLED)
                  .and("end")
                  .gt(clock.instant()));
    }
    return mongo.find(
        Query.query(criteria).with(Sort.by("start")).limit(MAX_LISTED), Appointment.class);
  }

  /**
   * The status of an appointment, for checks that concern the appointment rather than a user (the
   * join page).
   */
  public Optional<AppointmentStatus> statusOf(String id) {
    return Optional.ofNullable(mongo.findById(id, Appointment.class)).map(Appointment::status);
  }

  /** The ids of appointments that ended (completed, cancelled, no-show) after {@code since}. */
  public List<String> closedSince(Instant since) {
    List<AppointmentStatus> closed =
        Arrays.stream(AppointmentStatus.values()).filter(status -> !status.active()).toList();
    Query query = Query.query(Criteria.where("status").in(closed).and("updatedAt").gt(since));
    query.fields().include("_id");
    return mongo.find(query, Appointment.class).stream().map(Appointment::id).toList();
  }

  /** The appointment, whoever asks: for checks and views that do not answer to a user. */
  public Optional<Appointment> find(String id) {
    return Optional.ofNullable(mongo.findById(id, Appointment.class));
  }

  /** The appointment if this user may see it; 404 otherwise. */
  public Appointment visibleTo(CurrentUser user, String id) {
    Appointment appointment = mongo.findById(id, Appointment.class);
    if (appointment == null || !(appointment.involves(user.id()) || user.is(Role.ADMIN))) {
      throw ApiException.notFound("You have no appointment with this id.");
    }
    return appointment;
  }

  /**
   * The appointment if this user is its doctor or patient; otherwise 403 with {@code refusal},
   * whether or not it exists (an id reveals nothing), administrators included: for what is
   * clinical.
   */
  public Appointment involving(CurrentUser user, String id, String refusal) {
    return find(id)
        .filter(a -> a.involves(user.id()))
        .orElseThrow(() -> ApiException.forbidden(refusal));
  }

  /**
   * Marks the appointment with a red flag its patient raised, for the doctor's dashboard; a later
   * flag replaces an earlier one, so the mark says what happened last and when.
   */
  public void markRedFlag(String id, String presentation, Instant at) {
    mongo.updateFirst(
        Query.query(Criteria.where("_id").is(id)),
        new Update().set("redFlag", new RaisedRedFlag(presentation, at)),
        Appointment.class);
  }

  /**
   * The host ended the appointment's call for everyone (its media node reported it): a confirmed or
   * in-progress appointment is completed with the call's times, which withdraws its join links. A
   * node repeats a report until the app acknowledges it, so a repeat changes nothing; an
   * appointment the doctor completed by hand before gets the call's times, and one cancelled
   * meanwhile stays cancelled.
   *
   * @return whether this report completed the appointment
   */
  public boolean completeByCall(String id, CallTimes call) {
    Appointment completed =
        mongo.findAndModify(
            Query.query(
                Criteria.where("_id")
                    .is(id)
                    .and("status")
                    .in(AppointmentStatus.CONFIRMED, AppointmentStatus.IN_PROGRESS)),
            new Update()
                .set("status", AppointmentStatus.COMPLETED)
                .set("updatedAt", clock.instant())
                .set("call", call),
            Appointment.class);
    if (completed != null) {
      return true;
    }
    mongo.updateFirst(
        Query.query(
            Criteria.where("_id")
                .is(id)
                .and("status")
                .is(AppointmentStatus.COMPLETED)
                .and("call")
                .is(null)),
        new Update().set("call", call),
        Appointment.class);
    return false;
  }

  /** The caller's completed appointments, the latest first. */
  public List<Appointment> completed(CurrentUser user) {
    Criteria criteria =
        switch (user.role()) {
          case PATIENT -> Criteria.where("patientId").is(user.id());
          case DOCTOR -> Criteria.where("doctorId").is(user.id());
          case ADMIN -> new Criteria();
        };
    return mongo.find(
        Query.query(criteria.and("status").is(AppointmentStatus.COMPLETED))
            .with(Sort.by(Sort.Direction.DESC, "start"))
            .limit(MAX_LISTED),
        Appointment.class);
  }

  Appointment changeStatus(CurrentUser user, String id, AppointmentStatus to) {
    Appointment appointment = visibleTo(user, id);
    AppointmentStatus from = appointment.status();
    if (!StatusTransitions.exists(from, to)) {
      throw ApiException.conflict(
          "An appointment cannot go from " + from.json() + " to " + to.json() + ".");
    }
    if (!StatusTransitions.allowed(from, to, actor(user, appointment))) {
      throw ApiException.forbidden(
          "You may not move this appointment from " + from.json() + " to " + to.json() + ".");
    }
    Instant now = clock.instant();
    Update update = new Update().set("status", to).set("updatedAt", now);
    if (to == AppointmentStatus.CANCELLED) {
      update.set("slotKey", Appointment.releasedKey(id));
      String by = actor(user, appointment).name().toLowerCase(Locale.ROOT);
      update.set("cancellation", new Cancellation(by, user.name(), now));
    }
    // Conditional on the status we checked, so two concurrent moves cannot both apply.
    Appointment changed =
        mongo.findAndModify(
            Query.query(Criteria.where("_id").is(id).and("status").is(from)),
            update,
            FindAndModifyOptions.options().returnNew(true),
            Appointment.class);
    if (changed == null) {
      throw ApiException.conflict("The appointment changed meanwhile; load it again.");
    }
    return changed;
  }

  private static Actor actor(CurrentUser user, Appointment appointment) {
    if (appointment.doctorId().equals(user.id())) {
      return Actor.DOCTOR;
    }
    if (appointment.patientId().equals(user.id())) {
      return Actor.PATIENT;
    }
    return Actor.ADMIN;
  }
}
