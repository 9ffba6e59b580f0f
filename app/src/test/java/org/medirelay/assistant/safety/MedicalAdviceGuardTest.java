package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.medirelay.assistant.safety.MedicalAdviceGuard.Request;

class MedicalAdviceGuardTest {

  private final MedicalAdviceGuard guard = new MedicalAdviceGuard();

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "What medicine should I take for my headache? | TREATMENT",
        "which antibiotic is best for a sore throat | TREATMENT",
        "Can I take ibuprofen with my blood pressure tablets? | TREATMENT",
        "how many paracetamol can I take in a day | TREATMENT",
        "Should I stop taking my statins? | TREATMENT",
        "what should i take for a cold | TREATMENT",
        "How do I treat a sprained ankle? | TREATMENT",
        "prescribe me antibiotics please | TREATMENT",
        "what dose of insulin do I need | TREATMENT",
        "is it safe to take aspirin and ibuprofen | TREATMENT",
        "Do I have diabetes? | DIAGNOSIS",
        "do i have covid | DIAGNOSIS",
        "Could this be cancer? | DIAGNOSIS",
        "is it an infection | DIAGNOSIS",
        "What's wrong with me? | DIAGNOSIS",
        "am I pregnant | DIAGNOSIS",
        "Is it serious? | DIAGNOSIS",
        "should I be worried about this rash | DIAGNOSIS",
        "what do my blood test results mean | DIAGNOSIS",
        "can you diagnose me | DIAGNOSIS",
        "could it be tendinitis | DIAGNOSIS",
      })
  void recognisesMedicalRequests(String message, Request expected) {
    assertThat(guard.classify(message)).as(message).contains(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "How do I join my appointment?",
        "Do I have an appointment tomorrow?",
        "do i have to install anything",
        "Can I take the call on my phone?",
        "is it private?",
        "Is this secure",
        "what do I have to do before the call",
        "how do I test my camera",
        "I take ibuprofen 400 mg when needed",
        "paracetamol and vitamin D",
        "penicillin allergy",
        "I want to know if my blood pressure is ok",
        "how do I reschedule",
        "can the doctor see my medication list",
      })
  void letsOrdinaryMessagesThrough(String message) {
    assertThat(guard.classify(message)).as(message).isEmpty();
  }
}
