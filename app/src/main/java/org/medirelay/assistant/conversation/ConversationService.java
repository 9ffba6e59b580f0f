package org.medirelay.assistant.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.assistant.Assistant;
import org.medirelay.assistant.AssistantPolicy;
import org.medirelay.assistant.AssistantSettings;
import org.medirelay.assistant.AssistantTurn;
import org.medirelay.assistant.ConversationState;
import org.medirelay.assistant.Patient;
import org.medirelay.assistant.provider.ChatMessage;
import org.medirelay.auth.CurrentUser;
import org.medirelay.limit.SharedRecords;
import org.medirelay.limit.SharedWindowLimiter;
import org.medirelay.problem.ApiException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Conversations and their storage. A conversation is its patient's only: anyone else asking for it
 * is told it does not exist (as the appointment tier does), so conversation ids reveal nothing.
 */
@Service
class ConversationService {

  /**
   * Enough for any intake and its questions; a runaway client cannot grow one document without
   * bound.
   */
  static final int MAX_MESSAGES = 400;

  private static final int MAX_LISTED = 100;

  /** A conversation and whether this request made it. */
  record Opened(Conversation conversation, boolean created) {}

  private final MongoOperations mongo;
  private final AppointmentService appointments;
  private final Assistant assistant;
  private final AssistantPolicy policy;
  private final Clock clock;

  /**
   * ASSISTANT_MAX_MESSAGES_PER_MINUTE per patient. A person typing never reaches it; a script does,
   * and every message may cost a language-model call, so the limit protects the clinic's provider
   * bill and the shared CPU. Counted in the store, for every instance of the app together.
   */
  private final SharedWindowLimiter messagesPerPatient;

  ConversationService(
      MongoOperations mongo,
      AppointmentService appointments,
      Assistant assistant,
      AssistantPolicy policy,
      AssistantSettings settings,
      SharedRecords records,
      Clock clock) {
    this.mongo = mongo;
    this.appointments = appointments;
    this.assistant = assistant;
    this.policy = policy;
    this.clock = clock;
    this.messagesPerPatient =
        new SharedWindowLimiter(
            records,
            clock,
            "assistant-messages",
            Duration.ofMinutes(1),
            settings.assistantMaxMessagesPerMinute());
  }

  /** A new conversation, or the existing one of this appointment (one intake per appointment). */
  Opened open(CurrentUser patient, String appointmentId) {
    Appointment appointment = null;
    if (appointmentId != null) {
      appointment = appointments.visibleTo(patient, appointmentId);
      if (!appointment.patientId().equals(patient.id())) {
        throw ApiException.notFound("You have no appointment with this id.");
      }
      Conversation existing =
          mongo.findOne(
              Query.query(
                  Criteria.where("patientId")
                      .is(patient.id())
                      .and("appointmentId")
                      .is(appointmentId)),
              Conversation.class);
      if (existing != null) {
        return new Opened(existing, false);
      }
      if (!appointment.status().active()) {
        throw ApiException.conflict(
            "This appointment is "
                + appointment.status().json()
                + "; the pre-visit questions are only for upcoming appointments.");
      }
    }
    AssistantTurn opening = assistant.open(appointment != null);
    Instant now = clock.instant();
    Conversation conversation =
        new Conversation(
            new ObjectId().toHexString(),
            patient.id(),
            appointmentId,
            opening.state(),
            List.of(ConversationMessage.fromAssistant(opening.reply(), now)),
            0,
            now,
            now);
    mongo.insert(conversation);
    if (appointment != null) {
      saveIntake(conversation, appointment.doctorId());
    }
    return new Opened(conversation, true);
  }

  List<Conversation> mine(CurrentUser patient) {
    return mongo.find(
        Query.query(Criteria.where("patientId").is(patient.id()))
            .with(Sort.by(Sort.Direction.DESC, "createdAt"))
            .limit(MAX_LISTED),
        Conversation.class);
  }

  Conversation own(CurrentUser patient, String id) {
    Conversation conversation = mongo.findById(id, Conversation.class);
    if (conversation == null || !conversation.patientId().equals(patient.id())) {
      throw ApiException.notFound("You have no conversation with this id.");
    }
    return conversation;
  }

  /** Answers one message and stores the exchange. */
  AssistantTurn send(CurrentUser patient, String id, String text) {
    Conversation conversation = own(patient, id);
    messagesPerPatient
        .tryAcquire(patient.id())
        .ifPresent(
            wait -> {
              throw ApiException.tooManyRequests(
                  "You are sending messages very fast; please wait a moment.", wait);
            });
    if (conversation.messages().size() >= MAX_MESSAGES) {
      throw ApiException.conflict("This conversation is full; start a new one.");
    }
    AssistantTurn turn =
        assistant.reply(
            conversation.state(),
            new Patient(patient.id(), patient.name()),
            text,
            history(conversation),
            policy.sharePatientData());
    Conversation updated = conversation.after(text, turn, clock.instant());
    Conversation replaced =
        mongo.findAndReplace(
            Query.query(Criteria.where("_id").is(id).and("revision").is(conversation.revision())),
            updated);
    if (replaced == null) {
      throw ApiException.conflict(
          "Another message to this conversation was answered meanwhile; load it again.");
    }
    if (updated.appointmentId() != null) {
      IntakeRecord previous = mongo.findById(updated.appointmentId(), IntakeRecord.class);
      saveIntake(updated, previous == null ? null : previous.doctorId());
      if (!turn.redFlags().isEmpty()) {
        // The doctor reads the intake only when they open it; the dashboard shows this mark.
        appointments.markRedFlag(
            updated.appointmentId(), String.join("; ", turn.redFlags()), updated.updatedAt());
      }
    }
    return turn;
  }

  private void saveIntake(Conversation conversation, String doctorId) {
    ConversationState state = conversation.state();
    boolean complete =
        state.intake() != null && state.intake().complete() || state.summary() != null;
    mongo.save(
        new IntakeRecord(
            conversation.appointmentId(),
            conversation.patientId(),
            doctorId,
            conversation.id(),
            complete ? "complete" : "in-progress",
            state.summary(),
            state.redFlags(),
            clock.instant()));
  }

  private static List<ChatMessage> history(Conversation conversation) {
    return conversation.messages().stream()
        .map(
            m ->
                "patient".equals(m.from())
                    ? ChatMessage.user(m.text())
                    : ChatMessage.assistant(m.text()))
        .toList();
  }
}
