package org.medirelay.assistant.provider;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The last gate for a language model's answer: the system prompt forbids diagnosis and
 * prescription, but a model can ignore it, so an answer that names a dose, tells the patient what
 * they have, or recommends taking or stopping something is not shown; the built-in engine answers
 * instead.
 */
public final class ProviderOutputCheck {

  static final int MAX_LENGTH = 2000;

  private static final List<Pattern> UNSAFE =
      List.of(
          Pattern.compile(
              "(?i)\\b\\d+(\\.\\d+)?\\s?(mg|mcg|µg|ml|milligrams?|micrograms?|units|iu)\\b"),
          Pattern.compile(
              "(?i)\\byou (probably|likely|most likely|may|might|could|seem to) (have|be suffering)\\b"),
          Pattern.compile(
              "(?i)\\b(it|this|that) (sounds|looks|seems) like (you have |a |an )?"
                  + "[a-z]+(itis|osis|oma|infection|disease|syndrome|virus)\\b"),
          Pattern.compile(
              "(?i)\\b(i|we) (would )?(recommend|suggest|advise) (that you )?"
                  + "(take|taking|start|starting|stop|stopping|increase|increasing|using)\\b"),
          Pattern.compile("(?i)\\b(your )?diagnosis (is|would be)\\b"),
          Pattern.compile(
              "(?i)\\btake (one|two|three|\\d+) (tablets?|pills?|capsules?|doses?)\\b"));

  /** Whether the answer may be shown to the patient. */
  public boolean acceptable(String answer) {
    return !answer.isBlank()
        && answer.length() <= MAX_LENGTH
        && UNSAFE.stream().noneMatch(p -> p.matcher(answer).find());
  }
}
