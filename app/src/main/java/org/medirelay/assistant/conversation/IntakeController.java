package org.medirelay.assistant.conversation;

import java.time.Instant;
import java.util.List;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.assistant.intake.IntakeSummary;
import org.medirelay.auth.CurrentUser;
import org.medirelay.problem.ApiException;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The intake summary of an appointment, for its doctor (before and during the consult) and its
 * patient. Clinical content: administrators, who see every appointment, do not see this.
 */
@RestController
class IntakeController {

  /**
   * {@code summaryText} is the summary as the doctor reads it; null while the patient has not
   * confirmed it.
   */
  record IntakeView(
      String appointmentId,
      String status,
      IntakeSummary summary,
      String summaryText,
      List<String> redFlags,
      Instant updatedAt) {}

  private final AppointmentService appointments;
  private final MongoOperations mongo;

  IntakeController(AppointmentService appointments, MongoOperations mongo) {
    this.appointments = appointments;
    this.mongo = mongo;
  }

  @GetMapping("/api/appointments/{id}/intake")
  IntakeView intake(@PathVariable String id, @AuthenticationPrincipal CurrentUser user) {
    Appointment appointment = appointments.visibleTo(user, id);
    if (!appointment.involves(user.id())) {
      throw ApiException.forbidden(
          "Only the appointment's doctor and patient may read its intake.");
    }
    IntakeRecord record = mongo.findById(id, IntakeRecord.class);
    if (record == null) {
      throw ApiException.notFound(
          "The patient has not started the pre-visit questions for this appointment.");
    }
    return new IntakeView(
        id,
        record.status(),
        record.summary(),
        record.summary() == null ? null : record.summary().asText(),
        record.redFlags(),
        record.updatedAt());
  }
}
