package org.medirelay.assistant.intake;

/** Where the pre-visit intake is; each asking step has the question the patient sees. */
public enum IntakeStep {
  COMPLAINT(
      "What is the main problem you would like to see the doctor about? A sentence or two in your own words is"
          + " perfect."),
  ONSET(
      "When did it start? For example \"3 days ago\", \"since last Monday\" or \"this morning\"."),
  SEVERITY(
      "How much is it bothering you right now, from 0 (not at all) to 10 (the worst you can imagine)?"),
  MEDICINES(
      "Which medicines are you taking at the moment, including ones bought without a prescription, vitamins"
          + " and herbal remedies? Say \"none\" if you don't take any."),
  ALLERGIES(
      "Do you have any allergies, for example to medicines, foods or latex? Say \"none\" if you have none."),
  GOAL(
      "What would you most like to get from this appointment? For example an explanation of your symptoms, a"
          + " check-up, a sick note or a referral."),
  CONFIRM("Is this right? Answer \"yes\" to send it to your doctor, or tell me what to change."),
  CHOOSE_CORRECTION(
      "What would you like to change: the main problem, when it started, how much it bothers you,"
          + " your medicines, your allergies, or what you want from the visit?"),
  DONE("");

  private final String question;

  IntakeStep(String question) {
    this.question = question;
  }

  public String question() {
    return question;
  }

  /** The steps that record an answer, in the order they are asked. */
  boolean asksForAnswer() {
    return ordinal() <= GOAL.ordinal();
  }

  IntakeStep next() {
    return values()[ordinal() + 1];
  }
}
