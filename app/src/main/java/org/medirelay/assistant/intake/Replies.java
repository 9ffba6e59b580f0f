package org.medirelay.assistant.intake;

import java.util.Set;
import org.medirelay.assistant.text.Words;

/**
 * Short answers the intake understands anywhere: yes, no, skip, start over, and words that are not
 * an answer.
 */
final class Replies {

  private static final Set<String> YES =
      Set.of(
          "yes",
          "y",
          "yeah",
          "yep",
          "yup",
          "yes please",
          "correct",
          "right",
          "that is right",
          "that is correct",
          "it is correct",
          "it is right",
          "looks good",
          "looks right",
          "all good",
          "ok",
          "okay",
          "sure",
          "confirm",
          "perfect",
          "good",
          "send it",
          "yes send it",
          "yes that is right",
          "yes correct");
  private static final Set<String> NO =
      Set.of(
          "no",
          "n",
          "nope",
          "wrong",
          "not right",
          "not quite",
          "incorrect",
          "change",
          "change it",
          "edit",
          "fix");
  private static final Set<String> RESERVATIONS =
      Set.of("but", "change", "except", "wrong", "however", "although");
  private static final Set<String> SKIP =
      Set.of(
          "skip",
          "pass",
          "next",
          "prefer not to say",
          "i prefer not to say",
          "rather not say",
          "i would rather not say",
          "i would rather not",
          "skip this",
          "skip it",
          "skip question");
  private static final Set<String> RESTART =
      Set.of("start over", "restart", "start again", "begin again", "start from the beginning");

  /** Messages that carry no answer to an open question ("hi" is not a main complaint). */
  private static final Set<String> EMPTY =
      Set.of(
          "hi",
          "hello",
          "hey",
          "ok",
          "okay",
          "yes",
          "no",
          "thanks",
          "thank you",
          "test",
          "hmm",
          "help",
          "what",
          "good morning",
          "good evening",
          "good afternoon",
          "hi there",
          "hello there",
          "sorry",
          "idk",
          "nothing");

  private Replies() {}

  static boolean isYes(String message) {
    String words = Words.plain(message);
    return YES.contains(words) || words.startsWith("yes ");
  }

  /** "yes, but change the date": a yes that is not a confirmation. */
  static boolean hasReservation(String message) {
    return Words.tokens(message).stream().anyMatch(RESERVATIONS::contains);
  }

  static boolean isNo(String message) {
    String words = Words.plain(message);
    return NO.contains(words) || words.startsWith("no ");
  }

  static boolean isSkip(String message) {
    return SKIP.contains(Words.plain(message));
  }

  static boolean isRestart(String message) {
    return RESTART.contains(Words.plain(message));
  }

  /** True when the message has no answer in it: blank, punctuation, a greeting or a bare "ok". */
  static boolean isEmpty(String message) {
    String words = Words.plain(message);
    return words.isBlank()
        || EMPTY.contains(words)
        || words.chars().noneMatch(Character::isLetterOrDigit);
  }
}
