package org.medirelay.appointment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.medirelay.auth.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Booking, listing and moving appointments; roles per endpoint are in SecurityConfiguration. */
@RestController
class AppointmentController {

  record BookingRequest(
      @NotBlank String doctorId, @NotNull Instant start, @Size(max = 2000) String reason) {}

  record StatusRequest(@NotNull AppointmentStatus status) {}

  private final AppointmentService appointments;

  AppointmentController(AppointmentService appointments) {
    this.appointments = appointments;
  }

  @PostMapping("/api/appointments")
  ResponseEntity<AppointmentView> book(
      @Valid @RequestBody BookingRequest body, @AuthenticationPrincipal CurrentUser patient) {
    Appointment booked = appointments.book(patient, body.doctorId(), body.start(), body.reason());
    return ResponseEntity.created(URI.create("/api/appointments/" + booked.id()))
        .body(AppointmentView.of(booked, patient));
  }

  /**
   * My upcoming appointments (requested, confirmed, in progress); {@code all=true} adds past and
   * cancelled ones.
   */
  @GetMapping("/api/appointments")
  List<AppointmentView> mine(
      @RequestParam(defaultValue = "false") boolean all,
      @AuthenticationPrincipal CurrentUser user) {
    return appointments.list(user, all).stream().map(a -> AppointmentView.of(a, user)).toList();
  }

  @GetMapping("/api/appointments/{id}")
  AppointmentView one(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    return AppointmentView.of(appointments.visibleTo(user, id), user);
  }

  @PutMapping("/api/appointments/{id}/status")
  AppointmentView status(
      @PathVariable String id,
      @Valid @RequestBody StatusRequest body,
      @AuthenticationPrincipal CurrentUser user) {
    return AppointmentView.of(appointments.changeStatus(user, id, body.status()), user);
  }
}
