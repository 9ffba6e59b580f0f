package org.medirelay.ring;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.medirelay.session.PatientAdmissions;
import org.medirelay.session.SessionService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * The rules of ringing: a doctor rings the patient of one of their confirmed appointments; the
 * patient accepts or declines, the doctor may cancel, and after RING_TIMEOUT it is missed. Every
 * change is a compare-and-set on the ring's state in the store, so of two instances answering the
 * same ring at once, one wins and the other is told it no longer rings. Each instance ends overdue
 * rings whenever it looks at rings (see {@link #expireOverdue}), so no instance needs to own the
 * timer.
 */
@Service
class Rings {

  /** How long a missed call stays on the dashboards. */
  static final Duration MISSED_SHOWN = Duration.ofDays(7);

  private static final int MISSED_LISTED = 20;

  /** A ring and whether this request started it (false: the same ring was already ringing). */
  record Requested(Ring ring, boolean created) {}

  private final MongoOperations mongo;
  private final AppointmentService appointments;
  private final SessionService sessions;
  private final PatientAdmissions admissions;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration timeout;

  Rings(
      MongoOperations mongo,
      AppointmentService appointments,
      SessionService sessions,
      PatientAdmissions admissions,
      AuditLog audit,
      Clock clock,
      RingSettings settings) {
    this.mongo = mongo;
    this.appointments = appointments;
    this.sessions = sessions;
    this.admissions = admissions;
    this.audit = audit;
    this.clock = clock;
    this.timeout = settings.ringTimeout();
  }

  Requested request(CurrentUser doctor, String appointmentId, HttpServletRequest request) {
    Appointment appointment = appointments.visibleTo(doctor, appointmentId);
    if (!appointment.doctorId().equals(doctor.id())) {
      throw ApiException.forbidden("Only the appointment's doctor rings its patient.");
    }
    if (!appointment.status().videoOpen()) {
      throw ApiException.conflict(
          "A patient is rung for a confirmed appointment (this one is "
              + appointment.status().json()
              + ").");
    }
    // The patient who accepts joins the appointment's session, as the dashboard's Join does.
    sessions.forAppointment(
        false, appointment.id(), appointment.doctorId(), appointment.patientId(), request);
    expireOverdue();
    Optional<Ring> ringing = ringingPatient(appointment.patientId());
    if (ringing.isPresent() && ringing.get().appointmentId().equals(appointment.id())) {
      return new Requested(ringing.get(), false);
    }
    if (ringing.isPresent()
        || sessions.patientInAnotherCall(appointment.patientId(), appointment.id())) {
      return busy(appointment, doctor, request);
    }
    try {
      Ring ring = mongo.insert(newRing(appointment, RingState.RINGING));
      return new Requested(record(ring, AuditEventType.RING_REQUESTED, doctor.id(), request), true);
    } catch (DuplicateKeyException raced) {
      // Another doctor (or this one, twice) rang the patient between our check and our insert.
      Optional<Ring> winner = ringingPatient(appointment.patientId());
      if (winner.isPresent() && winner.get().appointmentId().equals(appointment.id())) {
        return new Requested(winner.get(), false);
      }
      return busy(appointment, doctor, request);
    }
  }

  /** The patient accepts or declines a ring that rings them. */
  Ring answer(CurrentUser patient, String ringId, boolean accept, HttpServletRequest request) {
    Ring ring = ringOf(patient, ringId);
    if (!ring.patientId().equals(patient.id())) {
      throw ApiException.forbidden("Only the patient answers a ring; its doctor may cancel it.");
    }
    RingState to = accept ? RingState.ACCEPTED : RingState.REJECTED;
    Ring answered = end(ring, to);
    if (accept) {
      // The doctor called them: they join without waiting to be let in.
      admissions.expect(ring.appointmentId());
    }
    return record(
        answered,
        accept ? AuditEventType.RING_ACCEPTED : AuditEventType.RING_REJECTED,
        patient.id(),
        request);
  }

  /** The doctor stops ringing before the patient answers. */
  Ring cancel(CurrentUser doctor, String ringId, HttpServletRequest request) {
    Ring ring = ringOf(doctor, ringId);
    if (!ring.doctorId().equals(doctor.id())) {
      throw ApiException.forbidden("Only the doctor who rings cancels the ring.");
    }
    return record(
        end(ring, RingState.CANCELLED), AuditEventType.RING_CANCELLED, doctor.id(), request);
  }

  /** The user's missed calls of the last {@link #MISSED_SHOWN}, the latest first. */
  List<Ring> missed(CurrentUser user) {
    expireOverdue();
    Criteria involving =
        new Criteria()
            .orOperator(
                Criteria.where("doctorId").is(user.id()),
                Criteria.where("patientId").is(user.id()));
    return mongo.find(
        Query.query(
                involving
                    .and("state")
                    .is(RingState.MISSED)
                    .and("createdAt")
                    .gt(clock.instant().minus(MISSED_SHOWN)))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(MISSED_LISTED),
        Ring.class);
  }

  /** The rings that changed state after {@code since}. */
  List<Ring> changedSince(Instant since) {
    return mongo.find(Query.query(Criteria.where("updatedAt").gt(since)), Ring.class);
  }

  /** The rings ringing now that the user rings or is rung by. */
  List<Ring> ringingFor(String userId) {
    Criteria involving =
        new Criteria()
            .orOperator(
                Criteria.where("doctorId").is(userId), Criteria.where("patientId").is(userId));
    return mongo.find(Query.query(involving.and("state").is(RingState.RINGING)), Ring.class);
  }

  /**
   * Ends the rings that rang RING_TIMEOUT unanswered: they become missed calls. Whichever instance
   * looks first ends each one; the others find it ended.
   */
  void expireOverdue() {
    Query overdue =
        Query.query(
            Criteria.where("state").is(RingState.RINGING).and("expiresAt").lte(clock.instant()));
    for (Ring ring : mongo.find(overdue, Ring.class)) {
      Ring missed = transition(ring, RingState.MISSED);
      if (missed != null) {
        record(missed, AuditEventType.RING_MISSED, null, null);
      }
    }
  }

  /** A ring the user is its doctor or patient of; 404 for anyone else, as for appointments. */
  private Ring ringOf(CurrentUser user, String ringId) {
    Ring ring = mongo.findById(ringId, Ring.class);
    if (ring == null || !ring.involves(user.id())) {
      throw ApiException.notFound("You have no call with this id.");
    }
    return ring;
  }

  private Ring end(Ring ring, RingState to) {
    expireOverdue();
    Ring ended = transition(ring, to);
    if (ended == null) {
      RingState now = mongo.findById(ring.id(), Ring.class).state();
      throw ApiException.conflict("This call no longer rings (it is " + now.json() + ").")
          .with("ringState", now.json());
    }
    return ended;
  }

  /** RINGING to {@code to}, if it still rings; null if it does not. */
  private Ring transition(Ring ring, RingState to) {
    return mongo.findAndModify(
        Query.query(Criteria.where("_id").is(ring.id()).and("state").is(RingState.RINGING)),
        new Update()
            .set("state", to)
            .set("ringingKey", Ring.endedKey(ring.id()))
            .set("updatedAt", clock.instant()),
        FindAndModifyOptions.options().returnNew(true),
        Ring.class);
  }

  private Optional<Ring> ringingPatient(String patientId) {
    return Optional.ofNullable(
        mongo.findOne(Query.query(Criteria.where("ringingKey").is(patientId)), Ring.class));
  }

  /** The patient is in a call or being rung: the doctor hears busy, the patient nothing. */
  private Requested busy(Appointment appointment, CurrentUser doctor, HttpServletRequest request) {
    Ring busy = mongo.insert(newRing(appointment, RingState.BUSY));
    return new Requested(record(busy, AuditEventType.RING_BUSY, doctor.id(), request), true);
  }

  /** A ring that rings holds the patient's {@code ringingKey}; one never rung does not. */
  private Ring newRing(Appointment appointment, RingState state) {
    Instant now = clock.instant();
    String id = new ObjectId().toHexString();
    return new Ring(
        id,
        appointment.id(),
        appointment.start(),
        appointment.doctorId(),
        appointment.doctorName(),
        appointment.patientId(),
        appointment.patientName(),
        state,
        state == RingState.RINGING ? appointment.patientId() : Ring.endedKey(id),
        now,
        now.plus(timeout),
        now);
  }

  /** Audits what {@code actorId} (null: the app itself) did to the ring. */
  private Ring record(Ring ring, AuditEventType type, String actorId, HttpServletRequest request) {
    audit.record(
        type,
        actorId,
        ring.id(),
        request,
        "appointment=" + ring.appointmentId() + " patient=" + ring.patientId());
    return ring;
  }
}
