package org.medirelay.appointment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.medirelay.account.Role;
import org.medirelay.account.UserRepository;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The doctors list, doctors publishing availability, and free slots. */
@RestController
class DoctorController {

  record DoctorView(String id, String name) {}

  record AvailabilityRequest(
      @NotNull Instant start, @NotNull Instant end, @NotNull Integer slotMinutes) {}

  record AvailabilityView(String id, String doctorId, Instant start, Instant end, int slotMinutes) {
    static AvailabilityView of(Availability window) {
      return new AvailabilityView(
          window.id(), window.doctorId(), window.start(), window.end(), window.slotMinutes());
    }
  }

  private final AvailabilityService availability;
  private final UserRepository users;
  private final Clock clock;

  DoctorController(AvailabilityService availability, UserRepository users, Clock clock) {
    this.availability = availability;
    this.users = users;
    this.clock = clock;
  }

  @GetMapping("/api/doctors")
  List<DoctorView> doctors() {
    return users.findByRoleOrderByNameAsc(Role.DOCTOR).stream()
        .filter(u -> !u.disabled())
        .map(u -> new DoctorView(u.id(), u.name()))
        .toList();
  }

  @PostMapping("/api/doctors/{doctorId}/availability")
  @ResponseStatus(HttpStatus.CREATED)
  AvailabilityView publish(
      @PathVariable String doctorId,
      @Valid @RequestBody AvailabilityRequest body,
      @AuthenticationPrincipal CurrentUser current) {
    if (!current.id().equals(doctorId)) {
      throw ApiException.forbidden("A doctor publishes only their own availability.");
    }
    return AvailabilityView.of(
        availability.publish(doctorId, body.start(), body.end(), body.slotMinutes()));
  }

  /**
   * The doctor's own availability that has not ended yet, the earliest first, for their dashboard;
   * another doctor's is refused (403), as publishing it is.
   */
  @GetMapping("/api/doctors/{doctorId}/availability")
  List<AvailabilityView> published(
      @PathVariable String doctorId, @AuthenticationPrincipal CurrentUser current) {
    if (!current.id().equals(doctorId)) {
      throw ApiException.forbidden("A doctor sees only their own availability.");
    }
    return availability.upcoming(doctorId).stream().map(AvailabilityView::of).toList();
  }

  @GetMapping("/api/doctors/{doctorId}/slots")
  List<AvailabilityService.Slot> slots(
      @PathVariable String doctorId,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to) {
    Instant start = from != null ? from : clock.instant();
    Instant end = to != null ? to : start.plus(Duration.ofDays(14));
    return availability.freeSlots(doctorId, start, end);
  }
}
