package org.medirelay.session;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medirelay.account.Role;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.medirelay.problem.BodyValidator;
import org.medirelay.session.CallAttendance.Attendance;
import org.medirelay.token.Grant;
import org.medirelay.token.ParticipantRole;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The doctor or the patient of a confirmed appointment gets its video session (created on the first
 * call, the same one afterwards) and a join URL of their own: the doctor hosts, the patient
 * participates. Either may invite a guest (an interpreter, a family member, a second clinician),
 * who gets a join URL of their own and no account, up to MAX_GUESTS_PER_SESSION guests, and either
 * may withdraw a guest's invitation.
 */
@RestController
class SessionController {

  /** A guest invitation: the name the others will see. */
  record GuestRequest(@NotBlank @Size(max = 120) String displayName) {}

  /** Whether the appointment's patient joins its call without waiting to be let in. */
  record AdmissionView(boolean patientEntersDirectly) {}

  record AdmissionRequest(@NotNull Boolean patientEntersDirectly) {}

  /** An invited guest: {@code guestId} names them to withdraw the invitation. */
  record GuestView(String guestId, String displayName, Instant invitedAt) {
    static GuestView of(SessionGuest guest) {
      return new GuestView(guest.userId(), guest.displayName(), guest.invitedAt());
    }
  }

  /** A guest's join link, with the guest's id. */
  record GuestLink(String guestId, @JsonUnwrapped JoinLink link) {}

  private final AppointmentService appointments;
  private final SessionService sessions;
  private final Guests guests;
  private final PatientAdmissions admissions;
  private final BodyValidator validator;
  private final AuditLog audit;
  private final CallAttendance attendance;

  SessionController(
      AppointmentService appointments,
      SessionService sessions,
      Guests guests,
      PatientAdmissions admissions,
      BodyValidator validator,
      AuditLog audit,
      CallAttendance attendance) {
    this.attendance = attendance;
    this.appointments = appointments;
    this.sessions = sessions;
    this.guests = guests;
    this.admissions = admissions;
    this.validator = validator;
    this.audit = audit;
  }

  /**
   * The calls of the caller's own open appointments that someone is in or waiting for, with where
   * their doctor and patient are, so their dashboard can say who is waiting in the call (the seeds'
   * incoming-call notice) without ringing anyone. The dashboard asks again when its event stream
   * opens; {@code calls:changed} events carry the same record.
   */
  @GetMapping("/api/calls")
  List<Attendance> callsInProgress(@AuthenticationPrincipal CurrentUser user) {
    List<String> open =
        appointments.list(user, false).stream()
            .filter(a -> a.involves(user.id()))
            .filter(a -> a.status().videoOpen())
            .map(Appointment::id)
            .toList();
    return attendance.ofAppointments(open);
  }

  @PostMapping("/api/appointments/{id}/session")
  ResponseEntity<JoinLink> session(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    SessionService.Created session = openSession(id, user, request);
    ParticipantRole role =
        user.is(Role.DOCTOR) ? ParticipantRole.HOST : ParticipantRole.PARTICIPANT;
    Set<Grant> grants = role.defaultGrants();
    if (user.id().equals(session.session().patientId()) && admissions.entersDirectly(id)) {
      grants.add(Grant.ENTER);
    }
    JoinLink link =
        sessions.issueJoinLink(session.session(), user.id(), user.name(), role, grants, request);
    return ResponseEntity.status(session.created() ? HttpStatus.CREATED : HttpStatus.OK).body(link);
  }

  @PostMapping("/api/appointments/{id}/session/guests")
  ResponseEntity<GuestLink> inviteGuest(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser user,
      @RequestBody(required = false) GuestRequest body,
      HttpServletRequest request) {
    GuestRequest guest = validator.valid(body);
    SessionService.Created session = openSession(id, user, request);
    SessionGuest seated =
        guests.invite(
            session.session(), SessionService.guestId(), guest.displayName().strip(), user.id());
    audit.record(
        AuditEventType.GUEST_INVITED, user.id(), seated.sessionId(), request, seated.userId());
    JoinLink link =
        sessions.issueJoinLink(
            session.session(),
            seated.userId(),
            seated.displayName(),
            ParticipantRole.PARTICIPANT,
            request);
    return ResponseEntity.status(HttpStatus.CREATED).body(new GuestLink(seated.userId(), link));
  }

  @GetMapping("/api/appointments/{id}/session/guests")
  List<GuestView> guests(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    return sessionOf(id, user)
        .map(session -> guests.invited(session.id()).stream().map(GuestView::of).toList())
        .orElse(List.of());
  }

  /**
   * Withdraws a guest's invitation: their link stops opening the call at once, and the media node
   * closes their connection within a heartbeat interval (MEDIA_NODE_HEARTBEAT_INTERVAL).
   */
  @DeleteMapping("/api/appointments/{id}/session/guests/{guestId}")
  ResponseEntity<Void> withdrawGuest(
      @PathVariable String id,
      @PathVariable String guestId,
      @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    VideoSession session =
        sessionOf(id, user)
            .orElseThrow(() -> ApiException.notFound("This consultation has no guests."));
    guests.revoke(session.id(), guestId);
    audit.record(AuditEventType.GUEST_REVOKED, user.id(), session.id(), request, guestId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/appointments/{id}/session/admission")
  AdmissionView admission(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    Appointment appointment = appointments.visibleTo(user, id);
    if (!appointment.involves(user.id())) {
      throw ApiException.forbidden("Only the appointment's doctor and patient see who waits.");
    }
    return new AdmissionView(admissions.automatic(appointment.id()));
  }

  /**
   * The doctor's choice: the appointment's patient joins its call at once (true) or waits in the
   * waiting room until the doctor lets them in (false, the default). Applies to the links issued
   * from now on; one the patient already holds keeps what it carries until it expires.
   */
  @PutMapping("/api/appointments/{id}/session/admission")
  AdmissionView setAdmission(
      @PathVariable String id,
      @AuthenticationPrincipal CurrentUser user,
      @RequestBody(required = false) AdmissionRequest body,
      HttpServletRequest request) {
    AdmissionRequest choice = validator.valid(body);
    Appointment appointment = appointments.visibleTo(user, id);
    if (!appointment.doctorId().equals(user.id())) {
      throw ApiException.forbidden(
          "Only the appointment's doctor chooses whether its patient waits to be let in.");
    }
    admissions.setAutomatic(appointment.id(), choice.patientEntersDirectly());
    audit.record(
        AuditEventType.PATIENT_ADMISSION_SET,
        user.id(),
        appointment.id(),
        request,
        "patientEntersDirectly=" + choice.patientEntersDirectly());
    return new AdmissionView(choice.patientEntersDirectly());
  }

  /** The session of an appointment of the caller's, if it has one yet. */
  private Optional<VideoSession> sessionOf(String appointmentId, CurrentUser user) {
    Appointment appointment = appointments.visibleTo(user, appointmentId);
    if (!appointment.involves(user.id())) {
      throw ApiException.forbidden("Only the appointment's doctor and patient manage its guests.");
    }
    return sessions.ofAppointment(appointment.id());
  }

  private SessionService.Created openSession(
      String appointmentId, CurrentUser user, HttpServletRequest request) {
    Appointment appointment = appointments.visibleTo(user, appointmentId);
    if (!appointment.involves(user.id())) {
      throw ApiException.forbidden(
          "Only the appointment's doctor and patient join its video session or invite to it.");
    }
    if (!appointment.status().videoOpen()) {
      throw ApiException.conflict(
          "The video session opens once the appointment is confirmed (it is "
              + appointment.status().json()
              + ").");
    }
    return sessions.forAppointment(
        false, appointment.id(), appointment.doctorId(), appointment.patientId(), request);
  }
}
