package org.medirelay.assistant.safety;

import org.medirelay.assistant.text.Phrases;

/**
 * What a patient can say that matters for red flags. A symptom alone is not always an emergency
 * (see {@link RedFlag} for the combinations); each has the phrases that say it and the look-alike
 * phrases that do not ("food poisoning").
 *
 * <p>Symptoms marked {@code pastTenseCounts} are reported even when the patient places them in the
 * past ("I took an overdose last night"), because for them the past is not reassuring.
 */
public enum Symptom {
  CHEST_PAIN(
      Phrases.of(
          "chest pain",
          "chest hurt",
          "chest hurting",
          "chest ache",
          "chest tight",
          "chest tightness",
          "tight chest",
          "tightness in chest",
          "pain in chest",
          "pressure in chest",
          "chest pressure",
          "crushing chest",
          "crushing pain",
          "heavy chest",
          "heaviness in chest"),
      Phrases.of()),
  BREATHLESSNESS(
      Phrases.of(
          "short of breath",
          "shortness of breath",
          "breathless",
          "out of breath",
          "trouble breathing",
          "difficulty breathing",
          "hard to breathe",
          "struggling to breathe",
          "struggle to breathe",
          "breathing difficulty",
          "breathing is difficult",
          "breathing is hard",
          "cannot catch breath",
          "breathing badly",
          "wheezing badly"),
      Phrases.of()),
  SEVERE_BREATHING(
      Phrases.of(
          "cannot breathe",
          "unable to breathe",
          "not breathing",
          "stopped breathing",
          "choking",
          "gasping for air",
          "gasping",
          "lips blue",
          "lips turning blue",
          "blue lips",
          "turning blue",
          "suffocating"),
      Phrases.of(
          "cannot breathe through nose",
          "cannot breathe through my nose",
          "not breathing through nose")),
  RADIATING_PAIN(
      Phrases.of(
          "pain in left arm",
          "left arm pain",
          "left arm hurt",
          "pain spreading",
          "pain radiating",
          "radiating",
          "spreading to arm",
          "spreading to jaw",
          "going down arm",
          "down my left arm",
          "jaw pain",
          "pain in jaw"),
      Phrases.of()),
  COLD_SWEAT(Phrases.of("sweating", "sweaty", "cold sweat", "clammy"), Phrases.of()),
  HEART_ATTACK(Phrases.of("heart attack", "cardiac arrest"), Phrases.of()),
  FACE_DROOP(
      Phrases.of(
          "face drooping",
          "face droop",
          "drooping face",
          "droopy face",
          "face dropped",
          "face has fallen",
          "face fallen",
          "one side of face",
          "side of face drooping",
          "mouth drooping",
          "drooping mouth",
          "crooked smile",
          "facial droop",
          "face is numb on one side"),
      Phrases.of()),
  ARM_WEAKNESS(
      Phrases.of(
          "arm weakness",
          "weak arm",
          "arm is weak",
          "arm went weak",
          "arm feels weak",
          "cannot lift arm",
          "cannot raise arm",
          "cannot move arm",
          "cannot move leg",
          "one side numb",
          "numb on one side",
          "weakness on one side",
          "weak on one side",
          "paralysed",
          "paralyzed",
          "cannot feel arm"),
      Phrases.of()),
  SPEECH_TROUBLE(
      Phrases.of(
          "slurred speech",
          "slurring",
          "speech is slurred",
          "speech slurred",
          "cannot speak",
          "cannot talk properly",
          "trouble speaking",
          "words come out wrong",
          "words coming out wrong",
          "words are jumbled",
          "cannot get words out",
          "cannot find words"),
      Phrases.of()),
  STROKE(
      Phrases.of("stroke", "mini stroke", "tia"),
      Phrases.of(
          "stroke of luck", "brush stroke", "back stroke", "breast stroke", "keyboard stroke")),
  SEVERE_BLEEDING(
      Phrases.of(
          "bleeding heavily",
          "heavy bleeding",
          "severe bleeding",
          "bleeding badly",
          "bleeding a lot",
          "lot of blood",
          "losing blood",
          "lost a lot of blood",
          "will not stop bleeding",
          "bleeding will not stop",
          "bleeding does not stop",
          "bleeding is not stopping",
          "bleeding not stopping",
          "cannot stop bleeding",
          "cannot stop the bleeding",
          "blood everywhere",
          "spurting blood",
          "blood spurting",
          "pouring blood",
          "blood pouring",
          "soaked in blood",
          "hemorrhage",
          "haemorrhage",
          "bleeding out",
          "vomiting blood",
          "throwing up blood",
          "vomit blood",
          "coughing up blood",
          "blood in vomit"),
      // Heavy periods are a common reason to book, not an emergency by themselves.
      Phrases.of(
          "heavy menstrual bleeding",
          "heavy bleeding during period",
          "bleeding heavily during period",
          "bleeding a lot during period",
          "heavy bleeding with period",
          "heavy period bleeding")),
  SUICIDAL(
      Phrases.of(
          "kill myself",
          "killing myself",
          "suicide",
          "suicidal",
          "end my life",
          "ending my life",
          "end it all",
          "take my own life",
          "take my life",
          "want to die",
          "wanna die",
          "wish i was dead",
          "wish i were dead",
          "better off dead",
          "do not want to live",
          "no longer want to live",
          "not want to be alive",
          "no reason to live",
          "not worth living",
          "going to jump"),
      Phrases.of(),
      true),
  SELF_HARM(
      Phrases.of(
          "hurt myself",
          "hurting myself",
          "harm myself",
          "harming myself",
          "self harm",
          "self harming",
          "cut myself",
          "cutting myself",
          "burn myself",
          "burning myself"),
      Phrases.of(),
      true),
  OVERDOSE(
      Phrases.of(
          "overdose",
          "overdosed",
          "took all my pills",
          "taken all my pills",
          "took too many pills",
          "taken too many pills",
          "swallowed all",
          "took a whole bottle",
          "took the whole bottle"),
      Phrases.of(),
      true),
  ANAPHYLAXIS(
      Phrases.of(
          "having anaphylaxis",
          "going into anaphylaxis",
          "going into anaphylactic shock",
          "in anaphylactic shock",
          "anaphylaxis now",
          "having an anaphylactic",
          "throat is closing",
          "throat closing",
          "throat closing up",
          "throat tightening",
          "throat is tightening",
          "airway closing",
          "used my epipen",
          "need my epipen",
          "used epi pen"),
      Phrases.of()),
  SWELLING_MOUTH(
      Phrases.of(
          "tongue swelling",
          "tongue is swelling",
          "swollen tongue",
          "tongue swollen",
          "lips swelling",
          "lip swelling",
          "swollen lips",
          "lips are swollen",
          "face swelling up"),
      Phrases.of()),
  ALLERGIC_REACTION(
      Phrases.of(
          "allergic reaction",
          "having a reaction",
          "bee sting",
          "wasp sting",
          "stung by",
          "hives all over"),
      Phrases.of()),
  UNCONSCIOUS(
      Phrases.of(
          "unconscious",
          "unresponsive",
          "will not wake up",
          "cannot wake",
          "not waking up",
          "collapsed",
          "lost consciousness",
          "knocked out",
          "passed out and"),
      Phrases.of(
          "collapsed lung",
          "app collapsed",
          "page collapsed",
          "menu collapsed",
          "window collapsed",
          "call collapsed",
          "connection collapsed",
          "video collapsed")),
  SEIZURE(
      Phrases.of(
          "having a seizure",
          "seizure",
          "seizing",
          "convulsion",
          "convulsing",
          "having a fit",
          "fit will not stop"),
      Phrases.of()),
  THUNDERCLAP_HEADACHE(
      Phrases.of(
          "worst headache of my life",
          "worst headache ever",
          "worst headache",
          "sudden severe headache",
          "thunderclap headache",
          "headache came on suddenly"),
      Phrases.of()),
  POISONING(
      Phrases.of(
          "swallowed bleach",
          "drank bleach",
          "poisoned",
          "poisoning",
          "swallowed poison",
          "drank poison",
          "ate poison",
          "swallowed a battery",
          "swallowed batteries"),
      Phrases.of("food poisoning", "poisoning symptoms from food"));

  private final Phrases phrases;
  private final Phrases lookAlikes;
  private final boolean pastTenseCounts;

  Symptom(Phrases phrases, Phrases lookAlikes) {
    this(phrases, lookAlikes, false);
  }

  Symptom(Phrases phrases, Phrases lookAlikes, boolean pastTenseCounts) {
    this.phrases = phrases;
    this.lookAlikes = lookAlikes;
    this.pastTenseCounts = pastTenseCounts;
  }

  Phrases phrases() {
    return phrases;
  }

  Phrases lookAlikes() {
    return lookAlikes;
  }

  boolean pastTenseCounts() {
    return pastTenseCounts;
  }
}
