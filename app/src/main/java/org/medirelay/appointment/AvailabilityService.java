package org.medirelay.appointment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.types.ObjectId;
import org.medirelay.account.Role;
import org.medirelay.account.User;
import org.medirelay.account.UserRepository;
import org.medirelay.problem.ApiException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/** Doctors' availability windows and the free slots in them. */
@Service
class AvailabilityService {

  /**
   * A published window covers at most this much, so one request cannot create an unbounded number
   * of slots.
   */
  static final Duration MAX_WINDOW = Duration.ofDays(31);

  /** The widest range a slot listing covers. */
  static final Duration MAX_LISTING = Duration.ofDays(62);

  /** The most windows a doctor's list of their own availability shows. */
  static final int MAX_UPCOMING = 500;

  static final int MIN_SLOT_MINUTES = 5;
  static final int MAX_SLOT_MINUTES = 240;

  record Slot(Instant start, Instant end) {}

  private final MongoOperations mongo;
  private final UserRepository users;
  private final Clock clock;

  AvailabilityService(MongoOperations mongo, UserRepository users, Clock clock) {
    this.mongo = mongo;
    this.users = users;
    this.clock = clock;
  }

  Availability publish(String doctorId, Instant start, Instant end, int slotMinutes) {
    if (slotMinutes < MIN_SLOT_MINUTES || slotMinutes > MAX_SLOT_MINUTES) {
      throw ApiException.badRequest(
          "slotMinutes must be between " + MIN_SLOT_MINUTES + " and " + MAX_SLOT_MINUTES + ".");
    }
    if (!start.equals(start.truncatedTo(ChronoUnit.MINUTES))) {
      throw ApiException.badRequest("start must be on a whole minute.");
    }
    if (!end.isAfter(start) || Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      throw ApiException.badRequest(
          "end must be after start, and a window at most " + MAX_WINDOW.toDays() + " days long.");
    }
    if (Duration.between(start, end).compareTo(Duration.ofMinutes(slotMinutes)) < 0) {
      throw ApiException.badRequest("The window is shorter than one slot.");
    }
    if (!end.isAfter(clock.instant())) {
      throw ApiException.badRequest("The window is in the past.");
    }
    Query overlapping =
        Query.query(
            Criteria.where("doctorId").is(doctorId).and("start").lt(end).and("end").gt(start));
    if (mongo.exists(overlapping, Availability.class)) {
      throw ApiException.conflict("This window overlaps availability you already published.");
    }
    return mongo.insert(
        new Availability(
            new ObjectId().toHexString(), doctorId, start, end, slotMinutes, clock.instant()));
  }

  /** Free, future slots of a doctor in [from, to). */
  List<Slot> freeSlots(String doctorId, Instant from, Instant to) {
    requireDoctor(doctorId);
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_LISTING) > 0) {
      throw ApiException.badRequest(
          "to must be after from, at most " + MAX_LISTING.toDays() + " days later.");
    }
    Instant earliest = from.isAfter(clock.instant()) ? from : clock.instant();
    Set<Instant> taken = takenStarts(doctorId, from, to);
    List<Slot> slots = new ArrayList<>();
    for (Availability window : windowsOverlapping(doctorId, from, to)) {
      for (Instant s = window.start();
          !s.plus(window.slotLength()).isAfter(window.end());
          s = s.plus(window.slotLength())) {
        if (!s.isBefore(earliest) && s.isBefore(to) && !taken.contains(s)) {
          slots.add(new Slot(s, s.plus(window.slotLength())));
        }
      }
    }
    return slots;
  }

  /** The doctor's windows that have not ended yet, the earliest first (at most 500). */
  List<Availability> upcoming(String doctorId) {
    Query query =
        Query.query(Criteria.where("doctorId").is(doctorId).and("end").gt(clock.instant()));
    return mongo.find(query.with(Sort.by("start")).limit(MAX_UPCOMING), Availability.class);
  }

  /** The window offering a slot that starts at {@code start}, if any. */
  Optional<Availability> windowWithSlotAt(String doctorId, Instant start) {
    Query query =
        Query.query(
            Criteria.where("doctorId").is(doctorId).and("start").lte(start).and("end").gt(start));
    return mongo.find(query, Availability.class).stream()
        .filter(w -> w.hasSlotAt(start))
        .findFirst();
  }

  User requireDoctor(String doctorId) {
    return users
        .findById(doctorId)
        .filter(user -> user.role() == Role.DOCTOR && !user.disabled())
        .orElseThrow(() -> ApiException.notFound("There is no doctor with this id."));
  }

  private List<Availability> windowsOverlapping(String doctorId, Instant from, Instant to) {
    Query query =
        Query.query(
            Criteria.where("doctorId").is(doctorId).and("start").lt(to).and("end").gt(from));
    return mongo.find(query.with(Sort.by("start")), Availability.class);
  }

  private Set<Instant> takenStarts(String doctorId, Instant from, Instant to) {
    Query query =
        Query.query(
            Criteria.where("doctorId")
                .is(doctorId)
                .and("start")
                .gte(from.minus(Duration.ofMinutes(MAX_SLOT_MINUTES)))
                .lt(to)
                .and("status")
                .in(
                    AppointmentStatus.REQUESTED,
                    AppointmentStatus.CONFIRMED,
                    AppointmentStatus.IN_PROGRESS));
    return mongo.find(query, Appointment.class).stream()
        .map(Appointment::start)
        .collect(Collectors.toSet());
  }
}
