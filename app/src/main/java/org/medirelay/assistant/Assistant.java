package org.medirelay.assistant;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medirelay.assistant.appointments.AppointmentQuestions;
import org.medirelay.assistant.appointments.PatientAppointments;
import org.medirelay.assistant.help.HelpPassage;
import org.medirelay.assistant.help.HelpSearch;
import org.medirelay.assistant.intake.IntakeFlow;
import org.medirelay.assistant.intake.IntakeStep;
import org.medirelay.assistant.intake.IntakeTurn;
import org.medirelay.assistant.provider.ChatMessage;
import org.medirelay.assistant.provider.ProviderException;
import org.medirelay.assistant.provider.ProviderHelp;
import org.medirelay.assistant.safety.EmergencyAdvice;
import org.medirelay.assistant.safety.MedicalAdviceGuard;
import org.medirelay.assistant.safety.RedFlagDetector;
import org.medirelay.assistant.safety.Screening;
import org.medirelay.assistant.text.Phrases;
import org.medirelay.assistant.text.Words;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consult assistant: decides, for each patient message, who answers. The order is the safety
 * design:
 *
 * <ol>
 *   <li>the red-flag check, on every message, before anything else: an emergency ends the turn;
 *   <li>requests for a diagnosis or a treatment are refused (and noted for the doctor during the
 *       intake);
 *   <li>during the pre-visit intake, the intake flow, except for questions about MediRelay or
 *       appointments, which are answered before the intake question is asked again;
 *   <li>questions about the patient's appointments, from their real appointments;
 *   <li>help questions: the language model when one is configured (grounded in the help texts),
 *       else, or when it fails, the built-in help search, which says "I don't know" rather than
 *       guess.
 * </ol>
 *
 * Only step 5 ever reaches a language model. The assistant holds no state: the conversation's state
 * goes in and out.
 */
public final class Assistant {

  private static final Logger LOG = LoggerFactory.getLogger(Assistant.class);

  private static final Set<String> QUESTION_STARTS =
      Set.of(
          "how", "what", "when", "where", "why", "who", "which", "can", "could", "should", "do",
          "does", "is", "are", "will", "would", "may", "am");
  private static final Phrases REOPEN_INTAKE =
      Phrases.of(
          "change my answers",
          "change my answer",
          "update my answers",
          "edit my answers",
          "correct my answers",
          "change my intake",
          "change the summary",
          "update the summary",
          "change my summary");
  private static final Set<String> GREETINGS =
      Set.of(
          "hi",
          "hello",
          "hey",
          "good morning",
          "good afternoon",
          "good evening",
          "hi there",
          "hello there");
  private static final String GREETING =
      "Hello! I can help you use MediRelay: joining your consultation, testing your camera and microphone, browsers,"
          + " connection problems, booking and rescheduling, privacy, and your upcoming appointments. I can't give"
          + " medical advice. In an emergency, call your local emergency number.";
  private static final String DONT_KNOW =
      "I'm sorry, I don't know the answer to that. Please contact the clinic. I can help with joining your"
          + " consultation, camera and microphone, browsers, connection problems, booking and rescheduling, privacy,"
          + " and your upcoming appointments.";
  private static final String BACK_TO_INTAKE = "\n\nBack to your pre-visit questions: ";

  private final RedFlagDetector redFlags;
  private final EmergencyAdvice emergencyAdvice;
  private final MedicalAdviceGuard medicalAdvice;
  private final IntakeFlow intake;
  private final HelpSearch help;
  private final AppointmentQuestions appointmentQuestions;
  private final PatientAppointments appointments;
  private final ProviderHelp provider;

  /**
   * @param provider the language model, or null for the built-in engine only
   */
  public Assistant(
      RedFlagDetector redFlags,
      EmergencyAdvice emergencyAdvice,
      MedicalAdviceGuard medicalAdvice,
      IntakeFlow intake,
      HelpSearch help,
      AppointmentQuestions appointmentQuestions,
      PatientAppointments appointments,
      ProviderHelp provider) {
    this.redFlags = redFlags;
    this.emergencyAdvice = emergencyAdvice;
    this.medicalAdvice = medicalAdvice;
    this.intake = intake;
    this.help = help;
    this.appointmentQuestions = appointmentQuestions;
    this.appointments = appointments;
    this.provider = provider;
  }

  /**
   * Opens a conversation: with an appointment, the intake's first question; without, a greeting.
   */
  public AssistantTurn open(boolean forAppointment) {
    if (!forAppointment) {
      return new AssistantTurn(
          ConversationState.withoutIntake(), AssistantReply.builtin(ReplyKind.GREETING, GREETING));
    }
    IntakeTurn first = intake.begin();
    return new AssistantTurn(
        ConversationState.withoutIntake().withIntake(first.progress(), null),
        AssistantReply.builtin(ReplyKind.INTAKE, first.reply()));
  }

  /**
   * Answers one message.
   *
   * @param history the conversation so far, oldest first (sent to a language model only with
   *     patient-data sharing)
   * @param sharePatientData whether an administrator allowed patient data to go to the language
   *     model
   */
  public AssistantTurn reply(
      ConversationState state,
      Patient patient,
      String message,
      List<ChatMessage> history,
      boolean sharePatientData) {
    Screening screening = redFlags.screen(message, state.symptoms());
    List<String> raised = screening.labels();
    ConversationState screened = state.withScreening(screening.said(), raised);
    if (screening.emergency()) {
      return new AssistantTurn(
          screened,
          AssistantReply.builtin(ReplyKind.EMERGENCY, emergencyAdvice.replyFor(screening.flags())),
          raised);
    }
    Optional<MedicalAdviceGuard.Request> medical = medicalAdvice.classify(message);
    if (screened.intakeInProgress()) {
      return duringIntake(screened, patient, message, medical);
    }
    if (screened.intake() != null
        && !REOPEN_INTAKE.find(Phrases.stemmedTokens(message)).isEmpty()) {
      IntakeTurn reopened = intake.reopen(screened.intake());
      return new AssistantTurn(
          screened.withIntake(reopened.progress(), screened.summary()),
          AssistantReply.builtin(ReplyKind.INTAKE, reopened.reply()));
    }
    if (medical.isPresent()) {
      return new AssistantTurn(
          screened,
          AssistantReply.builtin(ReplyKind.REFUSAL, MedicalAdviceGuard.refusal(medical.get())));
    }
    Optional<AssistantReply> aboutAppointments = appointmentAnswer(patient, message);
    if (aboutAppointments.isPresent()) {
      return new AssistantTurn(screened, aboutAppointments.get());
    }
    if (isGreeting(message)) {
      return new AssistantTurn(screened, AssistantReply.builtin(ReplyKind.GREETING, GREETING));
    }
    return new AssistantTurn(screened, helpAnswer(patient, message, history, sharePatientData));
  }

  private AssistantTurn duringIntake(
      ConversationState state,
      Patient patient,
      String message,
      Optional<MedicalAdviceGuard.Request> medical) {
    if (medical.isPresent()) {
      ConversationState noted =
          state.withIntake(state.intake().withQuestionForDoctor(message.strip()), state.summary());
      String refusal =
          MedicalAdviceGuard.refusal(medical.get())
              + "\n\nI've noted your question for your doctor.";
      if (noted.intake().step() == IntakeStep.GOAL) {
        // "Do I have diabetes?" is also a fine answer to "what do you want from the visit".
        return intakeStep(noted, message, refusal + "\n\n");
      }
      return new AssistantTurn(
          noted,
          AssistantReply.builtin(
              ReplyKind.REFUSAL,
              refusal + BACK_TO_INTAKE + IntakeFlow.pendingQuestion(noted.intake())));
    }
    if (looksLikeQuestion(message)) {
      Optional<AssistantReply> aside =
          appointmentAnswer(patient, message)
              .or(
                  () ->
                      help.answer(message)
                          .map(p -> AssistantReply.builtin(ReplyKind.HELP, p.answer())));
      if (aside.isPresent()) {
        AssistantReply answer = aside.get();
        return new AssistantTurn(
            state,
            new AssistantReply(
                answer.text() + BACK_TO_INTAKE + IntakeFlow.pendingQuestion(state.intake()),
                false,
                answer.kind(),
                Engine.BUILTIN,
                null));
      }
    }
    return intakeStep(state, message, "");
  }

  private AssistantTurn intakeStep(ConversationState state, String message, String lead) {
    IntakeTurn turn = intake.answer(state.intake(), message);
    ConversationState next =
        state.withIntake(
            turn.progress(), turn.completed() != null ? turn.completed() : state.summary());
    return new AssistantTurn(next, AssistantReply.builtin(ReplyKind.INTAKE, lead + turn.reply()));
  }

  private Optional<AssistantReply> appointmentAnswer(Patient patient, String message) {
    return appointmentQuestions
        .intent(message)
        .map(
            intent -> {
              String answer =
                  appointmentQuestions.answer(intent, appointments.upcoming(patient.id()));
              if (intent == AppointmentQuestions.Intent.HOW_TO_JOIN) {
                answer +=
                    "\n\n"
                        + help.answer("how do I join my appointment")
                            .map(HelpPassage::answer)
                            .orElse("");
              }
              return AssistantReply.builtin(ReplyKind.APPOINTMENTS, answer.strip());
            });
  }

  private AssistantReply helpAnswer(
      Patient patient, String message, List<ChatMessage> history, boolean sharePatientData) {
    String fallbackReason = null;
    if (provider != null) {
      try {
        String answer =
            provider.answer(
                message, help.related(message, 3), history, sharePatientData, patient.name());
        return new AssistantReply(answer, false, ReplyKind.HELP, Engine.PROVIDER, null);
      } catch (ProviderException e) {
        LOG.warn("Language model unavailable, the built-in assistant answers: {}", e.getMessage());
        fallbackReason = e.getMessage();
      }
    }
    Optional<HelpPassage> passage = help.answer(message);
    return new AssistantReply(
        passage.map(HelpPassage::answer).orElse(DONT_KNOW),
        false,
        passage.isPresent() ? ReplyKind.HELP : ReplyKind.UNKNOWN,
        Engine.BUILTIN,
        fallbackReason);
  }

  private static boolean isGreeting(String message) {
    return GREETINGS.contains(Words.plain(message));
  }

  private static boolean looksLikeQuestion(String message) {
    List<String> tokens = Words.tokens(message);
    return message.strip().endsWith("?")
        || !tokens.isEmpty() && QUESTION_STARTS.contains(tokens.get(0));
  }
}
