package org.medirelay.assistant.intake;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medirelay.assistant.text.Phrases;

/**
 * The pre-visit intake as an explicit state machine: main complaint, onset, severity, current
 * medicines, allergies and what the patient wants from the visit, then a confirmation that can send
 * the patient back to change one answer.
 *
 * <p>Every answer is checked; an unusable one is asked again with a hint, and after {@value
 * #MAX_ATTEMPTS} tries the question is left for the doctor rather than looping. "skip" leaves any
 * question out; "start over" restarts. The flow only structures what the patient says: it
 * interprets nothing clinically (red flags are screened before a message reaches it).
 */
public final class IntakeFlow {

  static final int MAX_ATTEMPTS = 3;
  static final int MAX_TEXT = 1000;

  private static final String INTRO =
      "Before your appointment I'll ask you six short questions, so your doctor can prepare. I can't give medical"
          + " advice, and if you feel very unwell at any point, call your local emergency number. You can say"
          + " \"skip\" to leave a question out, or \"start over\".\n\n";

  /** Words that name an answer to change, checked in the order the patient wrote them. */
  private static final Map<IntakeStep, Phrases> ANSWER_NAMES =
      Map.of(
          IntakeStep.COMPLAINT, Phrases.of("problem", "complaint", "main", "reason", "symptom"),
          IntakeStep.ONSET,
              Phrases.of("start", "started", "when", "onset", "began", "begin", "date"),
          IntakeStep.SEVERITY,
              Phrases.of(
                  "severity", "bother", "score", "rating", "number", "scale", "much", "pain level"),
          IntakeStep.MEDICINES,
              Phrases.of("medicine", "medication", "med", "drug", "tablet", "pill"),
          IntakeStep.ALLERGIES, Phrases.of("allergy", "allergic"),
          IntakeStep.GOAL,
              Phrases.of("goal", "want", "visit", "expect", "hope", "from the appointment"));

  private final Clock clock;
  private final OnsetAnswer onsetAnswer;

  public IntakeFlow(Clock clock) {
    this.clock = clock;
    this.onsetAnswer = new OnsetAnswer(clock);
  }

  /** A new intake and its first question. */
  public IntakeTurn begin() {
    return new IntakeTurn(IntakeProgress.start(), INTRO + IntakeStep.COMPLAINT.question(), null);
  }

  /**
   * Reopens a completed intake at "what would you like to change"; confirming again replaces the
   * summary.
   */
  public IntakeTurn reopen(IntakeProgress done) {
    return new IntakeTurn(
        done.at(IntakeStep.CHOOSE_CORRECTION, true), IntakeStep.CHOOSE_CORRECTION.question(), null);
  }

  /** The question the intake is waiting on, to repeat after the patient asked something else. */
  public static String pendingQuestion(IntakeProgress progress) {
    if (progress.step() == IntakeStep.CONFIRM) {
      return summaryText(progress) + IntakeStep.CONFIRM.question();
    }
    return progress.step().question();
  }

  /** Applies one patient message to the intake. */
  public IntakeTurn answer(IntakeProgress progress, String message) {
    if (progress.complete()) {
      throw new IllegalStateException("the intake is complete; reopen it to change an answer");
    }
    if (Replies.isRestart(message)) {
      IntakeProgress fresh = IntakeProgress.start();
      for (String flag : progress.redFlags()) {
        fresh = fresh.withRedFlag(flag);
      }
      return new IntakeTurn(
          fresh, "Let's start again.\n\n" + IntakeStep.COMPLAINT.question(), null);
    }
    IntakeStep step = progress.step();
    if (step.asksForAnswer() && Replies.isSkip(message)) {
      return advance(progress, "No problem, I've left that out. ");
    }
    String text = message.strip();
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT);
    }
    return switch (step) {
      case COMPLAINT ->
          Replies.isEmpty(text)
              ? retry(progress, "Please tell me in a few words what the problem is. ")
              : advance(progress.withComplaint(text), "Thank you. ");
      case ONSET -> onset(progress, text);
      case SEVERITY -> severity(progress, text);
      case MEDICINES -> list(progress, text, true);
      case ALLERGIES -> list(progress, text, false);
      case GOAL ->
          Replies.isEmpty(text)
              ? retry(progress, "Please tell me what you hope the doctor can do for you. ")
              : advance(progress.withGoal(text), "");
      case CONFIRM -> confirm(progress, text);
      case CHOOSE_CORRECTION ->
          correction(progress, text)
              .orElseGet(
                  () ->
                      new IntakeTurn(
                          progress.retried(), IntakeStep.CHOOSE_CORRECTION.question(), null));
      case DONE -> throw new IllegalStateException("unreachable");
    };
  }

  private IntakeTurn onset(IntakeProgress progress, String text) {
    Optional<Onset> onset = onsetAnswer.read(text);
    if (onset.isPresent()) {
      return advance(progress.withOnset(onset.get()), "");
    }
    if (progress.attempts() >= 1 && !Replies.isEmpty(text)) {
      // Asked twice: the patient's own words are better than a third question.
      return advance(progress.withOnset(new Onset(text, null)), "");
    }
    return retry(progress, "I couldn't tell when that was. ");
  }

  private IntakeTurn severity(IntakeProgress progress, String text) {
    SeverityAnswer.Reading reading = SeverityAnswer.read(text);
    return switch (reading.kind()) {
      case RATING -> advance(progress.withSeverity(reading.rating()), "");
      case OUT_OF_RANGE -> retry(progress, "The scale goes from 0 to 10. ");
      case NO_NUMBER -> retry(progress, "Please answer with a number, for example \"4\". ");
    };
  }

  private IntakeTurn list(IntakeProgress progress, String text, boolean medicines) {
    List<String> items;
    if (ListAnswer.isNone(text)) {
      items = List.of();
    } else if (Replies.isEmpty(text)) {
      return retry(
          progress,
          medicines
              ? "Please list the medicines you take, or say \"none\". "
              : "Please list your allergies, or say \"none\". ");
    } else {
      items = ListAnswer.items(text);
    }
    return advance(medicines ? progress.withMedicines(items) : progress.withAllergies(items), "");
  }

  private IntakeTurn confirm(IntakeProgress progress, String text) {
    if (Replies.isYes(text) && !Replies.hasReservation(text)) {
      IntakeProgress done = progress.at(IntakeStep.DONE, false);
      return new IntakeTurn(
          done,
          "Thank you, your answers are saved and your doctor will see them before your consultation. You can still"
              + " ask me about your appointment or how to use MediRelay.",
          done.summary(clock.instant()));
    }
    Optional<IntakeTurn> direct = correction(progress, text);
    if (direct.isPresent()) {
      return direct.get();
    }
    if (Replies.isNo(text)) {
      return new IntakeTurn(
          progress.at(IntakeStep.CHOOSE_CORRECTION, true),
          IntakeStep.CHOOSE_CORRECTION.question(),
          null);
    }
    return new IntakeTurn(
        progress.retried(),
        "Please answer \"yes\", or tell me what to change. " + IntakeStep.CONFIRM.question(),
        null);
  }

  /** Goes to the answer the patient names ("change my medicines"), if they name one. */
  private static Optional<IntakeTurn> correction(IntakeProgress progress, String text) {
    List<String> tokens = Phrases.stemmedTokens(text);
    IntakeStep target = null;
    int earliest = Integer.MAX_VALUE;
    for (Map.Entry<IntakeStep, Phrases> names : ANSWER_NAMES.entrySet()) {
      for (Phrases.Match match : names.getValue().find(tokens)) {
        if (match.start() < earliest) {
          earliest = match.start();
          target = names.getKey();
        }
      }
    }
    if (target == null) {
      return Optional.empty();
    }
    return Optional.of(new IntakeTurn(progress.at(target, true), target.question(), null));
  }

  private IntakeTurn retry(IntakeProgress progress, String hint) {
    IntakeProgress retried = progress.retried();
    if (retried.attempts() >= MAX_ATTEMPTS) {
      return advance(progress, "Let's move on; your doctor can ask you about that. ");
    }
    return new IntakeTurn(retried, hint + progress.step().question(), null);
  }

  private IntakeTurn advance(IntakeProgress answered, String lead) {
    IntakeStep next = answered.correcting() ? IntakeStep.CONFIRM : answered.step().next();
    IntakeProgress moved = answered.at(next, false);
    String question =
        next == IntakeStep.CONFIRM
            ? "Here is what I'll send to your doctor:\n"
                + summaryText(moved)
                + IntakeStep.CONFIRM.question()
            : next.question();
    return new IntakeTurn(moved, lead + question, null);
  }

  private static String summaryText(IntakeProgress progress) {
    return progress.summary(null).asText() + "\n\n";
  }
}
