package org.medirelay.assistant.safety;

import java.util.Set;
import java.util.function.Predicate;

/**
 * Situations where the assistant stops everything and sends the patient to emergency care. Each is
 * a rule over the symptoms found: some symptoms are enough alone (a stroke sign), others only
 * together (chest pain is a red flag with breathlessness, sweating or pain spreading to the arm or
 * jaw).
 */
public enum RedFlag {
  HEART_ATTACK_SIGNS(
      "chest pain with breathlessness, sweating or spreading pain",
      s ->
          s.contains(Symptom.HEART_ATTACK)
              || s.contains(Symptom.CHEST_PAIN)
                  && (s.contains(Symptom.BREATHLESSNESS)
                      || s.contains(Symptom.SEVERE_BREATHING)
                      || s.contains(Symptom.RADIATING_PAIN)
                      || s.contains(Symptom.COLD_SWEAT))),
  BREATHING_EMERGENCY("cannot breathe", s -> s.contains(Symptom.SEVERE_BREATHING)),
  STROKE_SIGNS(
      "stroke signs (face, arm, speech)",
      s ->
          s.contains(Symptom.STROKE)
              || s.contains(Symptom.FACE_DROOP)
              || s.contains(Symptom.ARM_WEAKNESS)
              || s.contains(Symptom.SPEECH_TROUBLE)),
  SEVERE_BLEEDING("severe bleeding", s -> s.contains(Symptom.SEVERE_BLEEDING)),
  SUICIDE_OR_SELF_HARM(
      "suicidal thoughts, self-harm or overdose",
      s ->
          s.contains(Symptom.SUICIDAL)
              || s.contains(Symptom.SELF_HARM)
              || s.contains(Symptom.OVERDOSE)),
  ANAPHYLAXIS(
      "severe allergic reaction",
      s ->
          s.contains(Symptom.ANAPHYLAXIS)
              || s.contains(Symptom.SWELLING_MOUTH)
                  && (s.contains(Symptom.BREATHLESSNESS) || s.contains(Symptom.ALLERGIC_REACTION))
              || s.contains(Symptom.ALLERGIC_REACTION) && s.contains(Symptom.BREATHLESSNESS)),
  UNCONSCIOUS("unconscious or unresponsive", s -> s.contains(Symptom.UNCONSCIOUS)),
  SEIZURE("seizure", s -> s.contains(Symptom.SEIZURE)),
  THUNDERCLAP_HEADACHE(
      "sudden, very severe headache", s -> s.contains(Symptom.THUNDERCLAP_HEADACHE)),
  POISONING("poisoning", s -> s.contains(Symptom.POISONING));

  private final String label;
  private final Predicate<Set<Symptom>> rule;

  RedFlag(String label, Predicate<Set<Symptom>> rule) {
    this.label = label;
    this.rule = rule;
  }

  /** A short description for the doctor's view of the intake. */
  public String label() {
    return label;
  }

  boolean raisedBy(Set<Symptom> symptoms) {
    return rule.test(symptoms);
  }
}
