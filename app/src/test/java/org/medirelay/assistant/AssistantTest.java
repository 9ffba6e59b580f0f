package org.medirelay.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.appointments.AppointmentQuestions;
import org.medirelay.assistant.appointments.UpcomingAppointment;
import org.medirelay.assistant.help.HelpCorpus;
import org.medirelay.assistant.help.HelpSearch;
import org.medirelay.assistant.intake.IntakeFlow;
import org.medirelay.assistant.intake.IntakeStep;
import org.medirelay.assistant.intake.IntakeSummary;
import org.medirelay.assistant.provider.ChatCompletionsClient;
import org.medirelay.assistant.provider.FakeChatCompletionsServer;
import org.medirelay.assistant.provider.ProviderHelp;
import org.medirelay.assistant.provider.ProviderSettings;
import org.medirelay.assistant.safety.EmergencyAdvice;
import org.medirelay.assistant.safety.MedicalAdviceGuard;
import org.medirelay.assistant.safety.RedFlagDetector;

class AssistantTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneId.of("Europe/Berlin"));
  private static final HelpSearch HELP =
      new HelpSearch(HelpCorpus.load(AssistantTest.class.getClassLoader()));
  private static final Patient ANA = new Patient("p-ana", "Ana Silva");
  private static final Patient BEN = new Patient("p-ben", "Ben Okafor");

  /** Appointments by patient: the assistant must only ever see the asking patient's. */
  private final Map<String, List<UpcomingAppointment>> appointments =
      Map.of(
          "p-ana",
              List.of(
                  new UpcomingAppointment(
                      "a1", Instant.parse("2026-11-23T13:30:00Z"), "Dr. Weber", "confirmed"),
                  new UpcomingAppointment(
                      "a2", Instant.parse("2026-12-01T08:00:00Z"), "Dr. Weber", "requested")),
          "p-ben",
              List.of(
                  new UpcomingAppointment(
                      "b1", Instant.parse("2026-11-22T09:20:00Z"), "Dr. Kim", "confirmed")));

  private FakeChatCompletionsServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private Assistant assistant(ProviderHelp provider) {
    return new Assistant(
        new RedFlagDetector(),
        new EmergencyAdvice("112", "the crisis line 0800 111 0 111"),
        new MedicalAdviceGuard(),
        new IntakeFlow(CLOCK),
        HELP,
        new AppointmentQuestions(CLOCK),
        id -> appointments.getOrDefault(id, List.of()),
        provider);
  }

  private final Assistant builtin = assistant(null);

  private AssistantTurn say(Assistant assistant, AssistantTurn turn, String message) {
    return assistant.reply(turn.state(), ANA, message, List.of(), false);
  }

  @Test
  void runsTheIntakeToASummary() {
    AssistantTurn turn = builtin.open(true);
    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.INTAKE);

    for (String answer :
        List.of("Rash on both arms", "last week", "4", "none", "latex", "find out what it is")) {
      turn = say(builtin, turn, answer);
    }
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.CONFIRM);
    turn = say(builtin, turn, "yes");

    assertThat(turn.intakeCompleted()).isTrue();
    IntakeSummary summary = turn.state().summary();
    assertThat(summary.mainComplaint()).isEqualTo("Rash on both arms");
    assertThat(summary.severity()).isEqualTo(4);
    assertThat(summary.allergies()).containsExactly("latex");
  }

  @Test
  void plainChestPainThenBreathlessnessStopsTheIntakeAndIsRecordedForTheDoctor() {
    AssistantTurn turn = say(builtin, builtin.open(true), "chest pain");
    assertThat(turn.reply().emergency()).isFalse();
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.ONSET);

    turn = say(builtin, turn, "an hour ago, and now I'm really short of breath");

    assertThat(turn.reply().emergency()).isTrue();
    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.EMERGENCY);
    assertThat(turn.reply().text())
        .contains("Call 112 now")
        .doesNotContain(IntakeStep.SEVERITY.question());
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.ONSET);
    assertThat(turn.state().intake().redFlags())
        .containsExactly("chest pain that may be a heart attack");
    assertThat(turn.redFlags()).containsExactly("chest pain that may be a heart attack");
  }

  @Test
  void crushingChestPainAsTheMainProblemIsAnEmergencyAtOnce() {
    AssistantTurn turn = say(builtin, builtin.open(true), "I have crushing chest pain");

    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.EMERGENCY);
    assertThat(turn.reply().text())
        .contains("Call 112 now")
        .doesNotContain(IntakeStep.ONSET.question());
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.COMPLAINT);
    assertThat(turn.state().intake().redFlags())
        .containsExactly("chest pain that may be a heart attack");
  }

  @Test
  void severeChestPainInTheGeneralAssistantIsAnEmergencyNotAnUnknown() {
    for (String message :
        List.of("I have crushing chest pain", "My chest hurts a lot", "I have severe chest pain")) {
      AssistantTurn turn =
          builtin.reply(ConversationState.withoutIntake(), ANA, message, List.of(), false);

      assertThat(turn.reply().kind()).as(message).isEqualTo(ReplyKind.EMERGENCY);
      assertThat(turn.reply().text()).as(message).contains("Call 112 now");
    }
  }

  @Test
  void suicidalIntentGetsTheCrisisLine() {
    AssistantTurn turn =
        builtin.reply(
            ConversationState.withoutIntake(), ANA, "i want to end my life", List.of(), false);

    assertThat(turn.reply().emergency()).isTrue();
    assertThat(turn.reply().text()).contains("0800 111 0 111").contains("112");
  }

  @Test
  void refusesToDiagnoseDuringTheIntakeAndNotesTheQuestion() {
    AssistantTurn turn = say(builtin, builtin.open(true), "Is it cancer?");

    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.REFUSAL);
    assertThat(turn.reply().text())
        .contains("never diagnose")
        .contains(IntakeStep.COMPLAINT.question());
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.COMPLAINT);
    assertThat(turn.state().intake().questionsForDoctor()).containsExactly("Is it cancer?");
  }

  @Test
  void aMedicalQuestionAsTheVisitGoalIsRecordedAsTheGoal() {
    AssistantTurn turn = builtin.open(true);
    for (String answer : List.of("tired all the time", "2 months", "5", "none", "none")) {
      turn = say(builtin, turn, answer);
    }

    turn = say(builtin, turn, "Do I have diabetes?");

    assertThat(turn.reply().text())
        .contains("never diagnose")
        .contains(IntakeStep.CONFIRM.question());
    assertThat(turn.state().intake().goal()).isEqualTo("Do I have diabetes?");
  }

  @Test
  void answersAHelpQuestionDuringTheIntakeAndAsksAgain() {
    AssistantTurn turn = say(builtin, builtin.open(true), "How do I test my camera?");

    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.HELP);
    assertThat(turn.reply().text()).contains("preview").endsWith(IntakeStep.COMPLAINT.question());
    assertThat(turn.state().intake().step()).isEqualTo(IntakeStep.COMPLAINT);
  }

  @Test
  void refusesToPrescribeOutsideTheIntake() {
    AssistantTurn turn =
        builtin.reply(
            ConversationState.withoutIntake(),
            ANA,
            "what medicine should I take for my cold?",
            List.of(),
            false);

    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.REFUSAL);
    assertThat(turn.reply().text()).contains("never prescribe");
  }

  @Test
  void answersFromThePatientsOwnAppointments() {
    AssistantTurn ana =
        builtin.reply(
            ConversationState.withoutIntake(),
            ANA,
            "When is my next appointment?",
            List.of(),
            false);
    AssistantTurn ben =
        builtin.reply(
            ConversationState.withoutIntake(),
            BEN,
            "when is my next appointment",
            List.of(),
            false);

    assertThat(ana.reply().kind()).isEqualTo(ReplyKind.APPOINTMENTS);
    assertThat(ana.reply().text())
        .contains("tomorrow, Monday 23 November 2026 at 14:30 (CET, Europe/Berlin) with Dr. Weber")
        .contains("Tuesday 1 December 2026 at 09:00")
        .doesNotContain("Dr. Kim");
    assertThat(ben.reply().text())
        .contains("today, Sunday 22 November 2026 at 10:20")
        .contains("in 20 minutes")
        .doesNotContain("Weber");
  }

  /** A clinic on UTC names it "UTC", not the zone's id "Etc/UTC"; one with a region names both. */
  @Test
  void namesTheClinicsTimeZoneAsPeopleReadIt() {
    List<UpcomingAppointment> next =
        List.of(
            new UpcomingAppointment(
                "a1", Instant.parse("2026-07-01T13:30:00Z"), "Dr. Weber", "confirmed"));
    Instant now = Instant.parse("2026-06-30T09:00:00Z");
    String utc =
        new AppointmentQuestions(Clock.fixed(now, ZoneId.of("Etc/UTC")))
            .answer(AppointmentQuestions.Intent.NEXT_APPOINTMENT, next);
    String berlin =
        new AppointmentQuestions(Clock.fixed(now, ZoneId.of("Europe/Berlin")))
            .answer(AppointmentQuestions.Intent.NEXT_APPOINTMENT, next);

    assertThat(utc).contains("at 13:30 (UTC)").doesNotContain("Etc");
    assertThat(berlin).contains("at 15:30 (CEST, Europe/Berlin)");
  }

  @Test
  void explainsHowToJoinWithTheNextAppointment() {
    AssistantTurn turn =
        builtin.reply(ConversationState.withoutIntake(), ANA, "how do I join?", List.of(), false);

    assertThat(turn.reply().text()).contains("Monday 23 November").contains("press Join");
  }

  @Test
  void admitsNotKnowing() {
    AssistantTurn turn =
        builtin.reply(
            ConversationState.withoutIntake(),
            ANA,
            "what is the capital of France?",
            List.of(),
            false);

    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.UNKNOWN);
    assertThat(turn.reply().text()).contains("I don't know").contains("contact the clinic");
  }

  @Test
  void aCompletedIntakeCanBeChanged() {
    AssistantTurn turn = builtin.open(true);
    for (String answer : List.of("cough", "3 days ago", "3", "none", "none", "advice", "yes")) {
      turn = say(builtin, turn, answer);
    }

    turn = say(builtin, turn, "I need to change my answers");
    turn = say(builtin, turn, "severity");
    turn = say(builtin, turn, "6");
    turn = say(builtin, turn, "yes");

    assertThat(turn.intakeCompleted()).isTrue();
    assertThat(turn.state().summary().severity()).isEqualTo(6);
  }

  @Test
  void theProviderAnswersHelpQuestions() throws IOException {
    server = new FakeChatCompletionsServer();
    server.answer("Open the consultation page early: it shows your camera preview.");

    AssistantTurn turn =
        assistant(provider(Duration.ofSeconds(5)))
            .reply(
                ConversationState.withoutIntake(),
                ANA,
                "how do I test my camera",
                List.of(),
                false);

    assertThat(turn.reply().engine()).isEqualTo(Engine.PROVIDER);
    assertThat(turn.reply().text())
        .isEqualTo("Open the consultation page early: it shows your camera preview.");
  }

  @Test
  void fallsBackToTheBuiltInEngineWhenTheProviderTimesOut() throws IOException {
    server = new FakeChatCompletionsServer();
    server.stallFor(Duration.ofSeconds(3));

    AssistantTurn turn =
        assistant(provider(Duration.ofMillis(300)))
            .reply(
                ConversationState.withoutIntake(),
                ANA,
                "how do I test my camera",
                List.of(),
                false);

    assertThat(turn.reply().engine()).isEqualTo(Engine.BUILTIN);
    assertThat(turn.reply().kind()).isEqualTo(ReplyKind.HELP);
    assertThat(turn.reply().fallbackReason()).contains("did not answer within");
    assertThat(turn.reply().text()).contains("preview");
  }

  @Test
  void redFlagsAndIntakeNeverReachTheProvider() throws IOException {
    server = new FakeChatCompletionsServer();
    Assistant assistant = assistant(provider(Duration.ofSeconds(5)));

    AssistantTurn emergency =
        assistant.reply(
            ConversationState.withoutIntake(),
            ANA,
            "my dad's face is drooping and his speech is slurred",
            List.of(),
            false);
    AssistantTurn intake = say(assistant, assistant.open(true), "sore throat");
    AssistantTurn refusal =
        assistant.reply(
            ConversationState.withoutIntake(),
            ANA,
            "should I stop taking my pills?",
            List.of(),
            false);

    assertThat(emergency.reply().emergency()).isTrue();
    assertThat(intake.reply().kind()).isEqualTo(ReplyKind.INTAKE);
    assertThat(refusal.reply().kind()).isEqualTo(ReplyKind.REFUSAL);
    assertThat(server.received()).isEmpty();
  }

  private ProviderHelp provider(Duration timeout) {
    return new ProviderHelp(
        new ChatCompletionsClient(
            new ProviderSettings(server.baseUrl(), "test-model", null, timeout),
            HttpClient.newHttpClient()));
  }
}
