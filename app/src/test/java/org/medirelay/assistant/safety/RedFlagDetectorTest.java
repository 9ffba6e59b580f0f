package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedFlagDetectorTest {

  private static final RedFlagDetector DETECTOR = new RedFlagDetector();

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // The messages: cardiac-sounding chest pain is an emergency on its own.
        "I have crushing chest pain | cardiac-chest-pain",
        "My chest hurts a lot | cardiac-chest-pain",
        "I have severe chest pain | cardiac-chest-pain",
        "pressure on my chest | cardiac-chest-pain",
        "pain going down my left arm | cardiac-chest-pain",
        "it's not a mild pain, it's a crushing pain in my chest | cardiac-chest-pain",
        "I have chest pain and I'm short of breath | cardiac-chest-pain",
        "CHEST PAIN AND SHORTNESS OF BREATH | cardiac-chest-pain",
        "my chets hurts and im so short of breth | cardiac-chest-pain",
        "there's a crushing pain in my chest and I'm sweating | cardiac-chest-pain",
        "tight chest, pain going down my left arm | cardiac-chest-pain",
        "I think I'm having a heart attack | cardiac-chest-pain",
        "my chesst hurts so much | cardiac-chest-pain",
        "I can't breathe | breathing-emergency",
        "i cant breath properly | breathing-emergency",
        "my son is choking | breathing-emergency",
        "his lips are turning blue | breathing-emergency",
        "My dad's face is drooping on one side | stroke",
        "her speech is slurred and she can't lift her arm | stroke",
        "I think my mum is having a stroke | stroke",
        "I think he's had a stroak | stroke",
        "sudden weakness on one side of my body | stroke",
        "my face looks droopy | stroke",
        "words come out wrong | stroke",
        "I'm not sure but I think it's a stroke | stroke",
        "I cut my hand and it won't stop bleeding | severe-bleeding",
        "bleeding heavily from a wound | severe-bleeding",
        "I've been vomiting blood | severe-bleeding",
        "I'm coughing up blood | severe-bleeding",
        "it's bleading everywhere | severe-bleeding",
        "I'm 10 weeks pregnant and bleeding heavily | severe-bleeding",
        "I want to kill myself | suicidal-or-self-harm",
        "i dont want to live anymore | suicidal-or-self-harm",
        "I've been having suicidal thoughts | suicidal-or-self-harm",
        "I keep wanting to hurt myself | suicidal-or-self-harm",
        "Everyone would be better off dead without me | suicidal-or-self-harm",
        "I took an overdose last night | overdose-or-poisoning",
        "took too many pills | overdose-or-poisoning",
        "my toddler swallowed bleach | overdose-or-poisoning",
        "my throat is closing up after eating peanuts | anaphylaxis",
        "bee sting and now I'm short of breath | anaphylaxis",
        "allergic reaction, my tongue is swelling | anaphylaxis",
        "my husband collapsed and is unconscious | unconscious",
        "she is unresponsive | unconscious",
        "my daughter is having a seizure right now | seizure",
        "my daughter is having a siezure | seizure",
        "the fit won't stop | seizure",
        "the worst headache of my life came on suddenly | sudden-severe-headache",
        "my 6 week old has a temperature | baby-fever",
        "my 2 month old has a temperature of 38.5 | baby-fever",
        "No, I have chest pain and I can't catch my breath | cardiac-chest-pain",
      })
  void raisesTheRedFlag(String message, String expected) {
    Screening screening = DETECTOR.screen(message);

    assertThat(screening.emergency()).as(message).isTrue();
    assertThat(screening.flags()).as(message).extracting(RedFlag::id).contains(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "no chest pain",
        "I don't have chest pain anymore",
        "I have no chest pain and no shortness of breath",
        "I don't have chest pain or shortness of breath",
        "chest pain but no shortness of breath",
        "my chest pain is not too bad",
        "I had chest pain last year, it's fine now",
        "I have had a mild headache for three days",
        "my headache is getting worse",
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
        "the nurses are on strike, is my appointment going ahead?",
        "I was cooking dinner and burnt my finger",
        "I am breeding dogs and I have a rash on my arm",
        "I sweat a lot at night",
        "heavy bleeding during my period for months",
        "heavy menstrual bleeding",
        "I'm not short of breath and my chest is fine",
        "what should I do if I get chest pain that is crushing?",
        "how do I take my newborn's temperature?",
        "",
      })
  void doesNotRaiseARedFlag(String message) {
    Screening screening = DETECTOR.screen(message);

    assertThat(screening.flags()).as(message).isEmpty();
  }

  @Test
  void plainChestPainIsRememberedButNotAnEmergency() {
    Screening first = DETECTOR.screen("I have chest pain");

    assertThat(first.emergency()).isFalse();
    assertThat(first.said()).contains("{chest-pain}");
  }

  @Test
  void combinesSymptomsAcrossMessages() {
    Set<String> earlier = DETECTOR.screen("chest pain since this morning").said();

    Screening later = DETECTOR.screen("and now I'm getting breathless", earlier);

    assertThat(later.flags()).extracting(RedFlag::id).containsExactly("cardiac-chest-pain");
  }

  @Test
  void anUnrelatedLaterMessageDoesNotRepeatAFlagRaisedEarlier() {
    Set<String> earlier = DETECTOR.screen("chest pain and short of breath").said();

    assertThat(DETECTOR.screen("ok thanks", earlier).emergency()).isFalse();
    assertThat(DETECTOR.screen("I feel sweaty", earlier).emergency()).isFalse();
  }

  @Test
  void repeatingTheEmergencyRaisesItAgain() {
    Set<String> earlier = DETECTOR.screen("chest pain and short of breath").said();

    assertThat(DETECTOR.screen("I still have chest pain and can't breathe", earlier).emergency())
        .isTrue();
  }

  @Test
  void aSignSaidAcrossAButIsTwoComplaints() {
    assertThat(DETECTOR.screen("my chest hurts a little but my back pain is terrible").emergency())
        .isFalse();
    assertThat(DETECTOR.screen("my chest hurts and the pain is terrible").emergency()).isTrue();
  }
}
