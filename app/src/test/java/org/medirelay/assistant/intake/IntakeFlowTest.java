package org.medirelay.assistant.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class IntakeFlowTest {

  /** Sunday 22 November 2026, 10:00 in the clinic's zone. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneId.of("Europe/Berlin"));

  private final IntakeFlow flow = new IntakeFlow(CLOCK);

  private IntakeTurn say(IntakeTurn turn, String message) {
    return flow.answer(turn.progress(), message);
  }

  @Test
  void walksThroughEveryQuestionToAConfirmedSummary() {
    IntakeTurn turn = flow.begin();
    assertThat(turn.reply())
        .contains("six short questions")
        .contains(IntakeStep.COMPLAINT.question());

    turn = say(turn, "Persistent cough and a sore throat");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.ONSET);
    turn = say(turn, "about 3 days ago");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.SEVERITY);
    turn = say(turn, "6/10");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.MEDICINES);
    turn = say(turn, "I take ramipril 5mg, metformin and vitamin D");
    turn = say(turn, "Penicillin");
    turn = say(turn, "A check-up and advice about my cough");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.CONFIRM);
    assertThat(turn.reply())
        .contains("Main problem: Persistent cough and a sore throat")
        .contains("around 2026-11-19")
        .contains("6/10")
        .contains("ramipril 5mg, metformin, vitamin D")
        .contains("Allergies: Penicillin")
        .contains(IntakeStep.CONFIRM.question());
    assertThat(turn.completed()).isNull();

    turn = say(turn, "Yes");

    assertThat(turn.progress().complete()).isTrue();
    IntakeSummary summary = turn.completed();
    assertThat(summary.mainComplaint()).isEqualTo("Persistent cough and a sore throat");
    assertThat(summary.onset()).isEqualTo("about 3 days ago");
    assertThat(summary.onsetDate()).isEqualTo(LocalDate.of(2026, 11, 19));
    assertThat(summary.severity()).isEqualTo(6);
    assertThat(summary.medicines()).containsExactly("ramipril 5mg", "metformin", "vitamin D");
    assertThat(summary.allergies()).containsExactly("Penicillin");
    assertThat(summary.goal()).isEqualTo("A check-up and advice about my cough");
    assertThat(summary.completedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void asksAgainForAnUnusableSeverityAndExplainsTheScale() {
    IntakeTurn turn = atSeverity();

    turn = say(turn, "pretty bad");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.SEVERITY);
    assertThat(turn.reply()).startsWith("Please answer with a number");

    turn = say(turn, "15");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.SEVERITY);
    assertThat(turn.reply()).startsWith("The scale goes from 0 to 10");

    turn = say(turn, "seven out of ten");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.MEDICINES);
    assertThat(turn.progress().severity()).isEqualTo(7);
  }

  @Test
  void movesOnAfterThreeUnusableAnswersInsteadOfLooping() {
    IntakeTurn turn = atSeverity();

    turn = say(turn, "bad");
    turn = say(turn, "really bad");
    turn = say(turn, "awful");

    assertThat(turn.progress().step()).isEqualTo(IntakeStep.MEDICINES);
    assertThat(turn.progress().severity()).isNull();
    assertThat(turn.reply()).startsWith("Let's move on");
  }

  @Test
  void aGreetingIsNotAMainComplaint() {
    IntakeTurn turn = say(flow.begin(), "hello");

    assertThat(turn.progress().step()).isEqualTo(IntakeStep.COMPLAINT);
    assertThat(turn.progress().complaint()).isNull();
  }

  @Test
  void takesThePatientsWordsForOnsetWhenAskedTwice() {
    IntakeTurn turn = say(flow.begin(), "headaches");

    turn = say(turn, "it comes and goes");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.ONSET);
    assertThat(turn.reply()).startsWith("I couldn't tell when that was");

    turn = say(turn, "it comes and goes, mostly after work");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.SEVERITY);
    assertThat(turn.progress().onset())
        .isEqualTo(new Onset("it comes and goes, mostly after work", null));
  }

  @Test
  void noneMeansAnEmptyListAndSkipMeansNotAnswered() {
    IntakeTurn turn = atSeverity();
    turn = say(turn, "2");

    turn = say(turn, "I don't take any");
    assertThat(turn.progress().medicines()).isEmpty();
    turn = say(turn, "skip");
    assertThat(turn.progress().allergies()).isNull();
    assertThat(turn.reply()).startsWith("No problem, I've left that out.");
    turn = say(turn, "reassurance");
    turn = say(turn, "yes");

    assertThat(turn.completed().asText())
        .contains("Current medicines: none")
        .contains("Allergies: not answered");
  }

  @Test
  void changesOneAnswerFromTheConfirmationAndComesBack() {
    IntakeTurn turn = atConfirmation();

    turn = say(turn, "no, the severity is wrong");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.SEVERITY);
    turn = say(turn, "8");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.CONFIRM);
    assertThat(turn.reply()).contains("8/10");

    turn = say(turn, "no");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.CHOOSE_CORRECTION);
    turn = say(turn, "my medicines");
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.MEDICINES);
    turn = say(turn, "aspirin");
    turn = say(turn, "that's right");

    assertThat(turn.completed().severity()).isEqualTo(8);
    assertThat(turn.completed().medicines()).containsExactly("aspirin");
  }

  @Test
  void aYesWithAReservationIsNotAConfirmation() {
    IntakeTurn turn = say(atConfirmation(), "yes but change when it started");

    assertThat(turn.completed()).isNull();
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.ONSET);
  }

  @Test
  void startOverClearsTheAnswersButKeepsRedFlags() {
    IntakeTurn turn = say(flow.begin(), "back pain");
    turn = new IntakeTurn(turn.progress().withRedFlag("severe bleeding"), turn.reply(), null);

    turn = say(turn, "start over");

    assertThat(turn.progress().step()).isEqualTo(IntakeStep.COMPLAINT);
    assertThat(turn.progress().complaint()).isNull();
    assertThat(turn.progress().redFlags()).containsExactly("severe bleeding");
  }

  @Test
  void aCompletedIntakeCanBeReopenedAndConfirmedAgain() {
    IntakeTurn done = say(atConfirmation(), "yes");

    IntakeTurn turn = flow.reopen(done.progress());
    assertThat(turn.progress().step()).isEqualTo(IntakeStep.CHOOSE_CORRECTION);
    turn = say(turn, "allergies");
    turn = say(turn, "latex");
    turn = say(turn, "yes");

    assertThat(turn.completed().allergies()).containsExactly("latex");
    IntakeProgress completed = turn.progress();
    assertThatThrownBy(() -> flow.answer(completed, "more"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepsVeryLongAnswersBounded() {
    IntakeTurn turn = say(flow.begin(), "a".repeat(5000));

    assertThat(turn.progress().complaint()).hasSize(IntakeFlow.MAX_TEXT);
  }

  private IntakeTurn atSeverity() {
    IntakeTurn turn = say(flow.begin(), "knee pain");
    return say(turn, "since Monday");
  }

  private IntakeTurn atConfirmation() {
    IntakeTurn turn = atSeverity();
    turn = say(turn, "5");
    turn = say(turn, "none");
    turn = say(turn, "none");
    return say(turn, "a referral to physio");
  }
}
