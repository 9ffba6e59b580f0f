package org.medirelay.assistant.safety;

import java.util.Collection;

/**
 * The words the assistant answers a red flag with. The clinic sets its own emergency number and
 * crisis line (a self-hosted clinic knows its country; we do not), and the defaults name the common
 * ones rather than guess.
 */
public final class EmergencyAdvice {

  public static final String DEFAULT_EMERGENCY_NUMBER =
      "your local emergency number (for example 112, 911 or 999)";
  public static final String DEFAULT_CRISIS_LINE =
      "a crisis line (in the US and Canada call or text 988; in the UK and Ireland call Samaritans on 116 123)";

  private final String emergencyNumber;
  private final String crisisLine;

  /**
   * @param emergencyNumber how to reach emergency services, e.g. "112"; blank for the default
   *     wording
   * @param crisisLine how to reach a suicide/crisis line, e.g. "Samaritans on 116 123"; blank for
   *     the default wording
   */
  public EmergencyAdvice(String emergencyNumber, String crisisLine) {
    this.emergencyNumber =
        blank(emergencyNumber) ? DEFAULT_EMERGENCY_NUMBER : emergencyNumber.strip();
    this.crisisLine = blank(crisisLine) ? DEFAULT_CRISIS_LINE : crisisLine.strip();
  }

  /** The reply to a message that raised these presentations (at least one). */
  public String replyFor(Collection<RedFlag> flags) {
    StringBuilder reply = new StringBuilder();
    boolean crisis = flags.stream().anyMatch(RedFlag::crisis);
    boolean physical = flags.stream().anyMatch(RedFlag::emergency);
    if (crisis) {
      reply
          .append(
              "I'm really sorry you're going through this, and I'm glad you told me. Please reach out now: call ")
          .append(crisisLine)
          .append(". If you are in immediate danger or have taken something, call ")
          .append(emergencyNumber)
          .append(
              " or go to the nearest emergency department now. If you can, stay with someone you trust and keep"
                  + " away from anything you could use to hurt yourself.");
    }
    if (physical) {
      if (crisis) {
        reply.append("\n\n");
      }
      reply
          .append("What you describe could be a medical emergency. Call ")
          .append(emergencyNumber)
          .append(
              " now or go to the nearest emergency department. Do not wait for your video appointment.");
      // What to do while help is on its way: standard first-aid wording from the rules, never a
      // treatment decision.
      flags.stream()
          .map(RedFlag::firstStep)
          .filter(step -> !step.isEmpty())
          .distinct()
          .forEach(step -> reply.append(' ').append(step));
    }
    reply.append(
        "\n\nI'm an automated assistant: I can't help in an emergency and I can't assess symptoms."
            + " If you were describing something in the past and you are safe now, tell me and we can carry on.");
    return reply.toString();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
