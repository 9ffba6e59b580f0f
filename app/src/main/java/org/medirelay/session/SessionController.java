package org.medirelay.session;

import jakarta.servlet.http.HttpServletRequest;
import org.medirelay.account.Role;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.appointment.AppointmentStatus;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.medirelay.token.ParticipantRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The doctor or the patient of a confirmed appointment gets its video session (created on the first call, the same
 * one afterwards) and a join URL of their own: the doctor hosts, the patient participates.
 */
@RestController
class SessionController {

  private final AppointmentService appointments;
  private final SessionService sessions;

  SessionController(AppointmentService appointments, SessionService sessions) {
    this.appointments = appointments;
    this.sessions = sessions;
  }

  @PostMapping("/api/appointments/{id}/session")
  ResponseEntity<JoinGrant> session(
      @PathVariable String id, @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    Appointment appointment = appointments.visibleTo(user, id);
    if (!appointment.involves(user.id())) {
      throw ApiException.forbidden("Only the appointment's doctor and patient join its video session.");
    }
    if (appointment.status() != AppointmentStatus.CONFIRMED && appointment.status() != AppointmentStatus.IN_PROGRESS) {
      throw ApiException.conflict(
          "The video session opens once the appointment is confirmed (it is " + appointment.status().json() + ").");
    }
    SessionService.Created session =
        sessions.forAppointment(false, appointment.id(), appointment.doctorId(), appointment.patientId(), request);
    ParticipantRole role = user.is(Role.DOCTOR) ? ParticipantRole.HOST : ParticipantRole.PARTICIPANT;
    JoinGrant grant = sessions.issueJoin(session.session(), user.id(), user.name(), role, request);
    return ResponseEntity.status(session.created() ? HttpStatus.CREATED : HttpStatus.OK).body(grant);
  }
}
