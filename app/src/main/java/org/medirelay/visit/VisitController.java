package org.medirelay.visit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.appointment.CallTimes;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.auth.CurrentUser;
import org.medirelay.chat.KeptChats;
import org.medirelay.problem.ApiException;
import org.medirelay.problem.BodyValidator;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * After the call: the doctor's visit note on an appointment, and the past consultations (completed
 * appointments with their call's times and the note) of a patient or a doctor. Roles per endpoint
 * are in SecurityConfiguration; who may read or write which note is {@link VisitNotes}'s rule.
 */
@RestController
class VisitController {

  /** The note's text, and whether the patient may read it. */
  record NoteRequest(@NotBlank @Size(max = 20_000) String text, @NotNull Boolean shared) {}

  record NoteView(
      String appointmentId, String text, boolean shared, Instant sharedAt, Instant updatedAt) {
    static NoteView of(VisitNote note) {
      return note == null
          ? null
          : new NoteView(
              note.appointmentId(), note.text(), note.shared(), note.sharedAt(), note.updatedAt());
    }
  }

  /**
   * A completed consultation: its call's times and length (null when it was completed without a
   * call), its note as the caller may read it (null when there is none for them), and how many chat
   * messages of its call were kept (the clinic's setting; {@code GET /api/appointments/{id}/chat}).
   */
  record PastVisit(
      String appointmentId,
      String doctorName,
      String patientName,
      Instant start,
      String reason,
      Instant callStart,
      Instant callEnd,
      Long durationSeconds,
      NoteView note,
      long chatMessages) {}

  private final VisitNotes notes;
  private final AppointmentService appointments;
  private final KeptChats chats;
  private final BodyValidator validator;
  private final AuditLog audit;

  VisitController(
      VisitNotes notes,
      AppointmentService appointments,
      KeptChats chats,
      BodyValidator validator,
      AuditLog audit) {
    this.notes = notes;
    this.appointments = appointments;
    this.chats = chats;
    this.validator = validator;
    this.audit = audit;
  }

  @PutMapping("/api/appointments/{id}/note")
  NoteView write(
      @PathVariable String id,
      @RequestBody(required = false) NoteRequest body,
      @AuthenticationPrincipal CurrentUser doctor,
      HttpServletRequest request) {
    NoteRequest note = validator.valid(body);
    VisitNote saved = notes.write(doctor, id, note.text().strip(), note.shared());
    audit.record(
        AuditEventType.VISIT_NOTE_SAVED,
        doctor.id(),
        id,
        request,
        saved.shared() ? "shared with the patient" : "not shared");
    return NoteView.of(saved);
  }

  @GetMapping("/api/appointments/{id}/note")
  NoteView read(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    return notes
        .read(user, id)
        .map(NoteView::of)
        .orElseThrow(
            () -> ApiException.notFound("This appointment has no visit note for you yet."));
  }

  /** The caller's completed consultations, the latest first. */
  @GetMapping("/api/visits")
  List<PastVisit> past(@AuthenticationPrincipal CurrentUser user) {
    List<Appointment> done =
        appointments.completed(user).stream().filter(a -> a.involves(user.id())).toList();
    Map<String, VisitNote> readable = notes.readable(user, done);
    Map<String, Long> chat = chats.countsByAppointment(done.stream().map(Appointment::id).toList());
    return done.stream()
        .map(
            a -> {
              CallTimes call = a.call();
              return new PastVisit(
                  a.id(),
                  a.doctorName(),
                  a.patientName(),
                  a.start(),
                  a.reason(),
                  call == null ? null : call.start(),
                  call == null ? null : call.end(),
                  call == null ? null : call.durationSeconds(),
                  NoteView.of(readable.get(a.id())),
                  chat.getOrDefault(a.id(), 0L));
            })
        .toList();
  }
}
