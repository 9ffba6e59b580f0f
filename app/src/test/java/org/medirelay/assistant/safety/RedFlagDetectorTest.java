package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedFlagDetectorTest {

  private final RedFlagDetector detector = new RedFlagDetector();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "I have chest pain and I'm short of breath | HEART_ATTACK_SIGNS",
        "CHEST PAIN AND SHORTNESS OF BREATH | HEART_ATTACK_SIGNS",
        "my chets hurts and im so short of breth | HEART_ATTACK_SIGNS",
        "there's a crushing pain in my chest and I'm sweating | HEART_ATTACK_SIGNS",
        "tight chest, pain going down my left arm | HEART_ATTACK_SIGNS",
        "I think I'm having a heart attack | HEART_ATTACK_SIGNS",
        "I can't breathe | BREATHING_EMERGENCY",
        "i cant breath properly | BREATHING_EMERGENCY",
        "my son is choking | BREATHING_EMERGENCY",
        "his lips are turning blue | BREATHING_EMERGENCY",
        "My dad's face is drooping on one side | STROKE_SIGNS",
        "her speech is slurred and she can't lift her arm | STROKE_SIGNS",
        "I think my mum is having a stroke | STROKE_SIGNS",
        "sudden weakness on one side of my body | STROKE_SIGNS",
        "I cut my hand and it won't stop bleeding | SEVERE_BLEEDING",
        "bleeding heavily from a wound | SEVERE_BLEEDING",
        "I've been vomiting blood | SEVERE_BLEEDING",
        "I'm 10 weeks pregnant and bleeding heavily | SEVERE_BLEEDING",
        "I want to kill myself | SUICIDE_OR_SELF_HARM",
        "i dont want to live anymore | SUICIDE_OR_SELF_HARM",
        "I've been having suicidal thoughts | SUICIDE_OR_SELF_HARM",
        "I keep wanting to hurt myself | SUICIDE_OR_SELF_HARM",
        "I took an overdose last night | SUICIDE_OR_SELF_HARM",
        "Everyone would be better off dead without me | SUICIDE_OR_SELF_HARM",
        "my throat is closing up after eating peanuts | ANAPHYLAXIS",
        "bee sting and now I'm short of breath | ANAPHYLAXIS",
        "allergic reaction, my tongue is swelling | ANAPHYLAXIS",
        "my husband collapsed and is unconscious | UNCONSCIOUS",
        "she is unresponsive | UNCONSCIOUS",
        "my daughter is having a seizure right now | SEIZURE",
        "the worst headache of my life came on suddenly | THUNDERCLAP_HEADACHE",
        "my toddler swallowed bleach | POISONING",
        "I'm not sure but I think it's a stroke | STROKE_SIGNS",
        "No, I have chest pain and I can't catch my breath | HEART_ATTACK_SIGNS",
      })
  void raisesTheRedFlag(String message, RedFlag expected) {
    Screening screening = detector.screen(message);

    assertThat(screening.emergency()).as(message).isTrue();
    assertThat(screening.flags()).as(message).contains(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "no chest pain",
        "I have no chest pain and no shortness of breath",
        "I don't have chest pain or shortness of breath",
        "chest pain but no shortness of breath",
        "I have had a mild headache for three days",
        "my knee hurts when I climb stairs",
        "a bit short of breath when I run",
        "I had a stroke in 2019 and want a follow-up",
        "history of seizures, well controlled",
        "I take levetiracetam for my seizures",
        "I had a heart attack 5 years ago",
        "I think I have food poisoning",
        "my nose is blocked and I can't breathe through my nose",
        "my gums bleed a little when I brush",
        "penicillin, I had anaphylaxis as a child",
        "I'm not suicidal, I just feel tired",
        "how do I test my camera?",
        "the video keeps freezing and then the app collapsed",
        "what a stroke of luck that I got an appointment",
        "I am breeding dogs and I have a rash on my arm",
        "I sweat a lot at night",
        "heavy bleeding during my period for months",
        "heavy menstrual bleeding",
        "I'm not short of breath and my chest is fine",
        "",
      })
  void doesNotRaiseARedFlag(String message) {
    Screening screening = detector.screen(message);

    assertThat(screening.flags()).as(message).isEmpty();
  }

  @Test
  void chestPainAloneIsRememberedButNotAnEmergency() {
    Screening first = detector.screen("I have chest pain");

    assertThat(first.emergency()).isFalse();
    assertThat(first.symptoms()).containsExactly(Symptom.CHEST_PAIN);
  }

  @Test
  void combinesSymptomsAcrossMessages() {
    Set<Symptom> earlier = detector.screen("chest pain since this morning").symptoms();

    Screening later = detector.screen("and now I'm getting breathless", earlier);

    assertThat(later.flags()).containsExactly(RedFlag.HEART_ATTACK_SIGNS);
  }

  @Test
  void anUnrelatedLaterMessageDoesNotRepeatAFlagRaisedEarlier() {
    Set<Symptom> earlier = detector.screen("chest pain and short of breath").symptoms();

    assertThat(detector.screen("ok thanks", earlier).emergency()).isFalse();
    assertThat(detector.screen("I feel sweaty", earlier).emergency()).isFalse();
  }

  @Test
  void repeatingTheEmergencyRaisesItAgain() {
    Set<Symptom> earlier = detector.screen("chest pain and short of breath").symptoms();

    assertThat(detector.screen("I still have chest pain and can't breathe", earlier).emergency())
        .isTrue();
  }
}
