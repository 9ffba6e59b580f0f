package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EmergencyAdviceTest {

  @Test
  void namesTheClinicsEmergencyNumber() {
    String reply = new EmergencyAdvice("112", "").replyFor(Set.of(RedFlag.STROKE_SIGNS));

    assertThat(reply)
        .contains("Call 112 now")
        .contains("emergency department")
        .contains("time the signs started");
  }

  @Test
  void suicidalIntentGetsTheCrisisLine() {
    String reply =
        new EmergencyAdvice("999", "Samaritans on 116 123")
            .replyFor(Set.of(RedFlag.SUICIDE_OR_SELF_HARM));

    assertThat(reply).contains("Samaritans on 116 123").contains("999");
  }

  @Test
  void withoutConfigurationNamesTheCommonNumbers() {
    String reply = new EmergencyAdvice(null, null).replyFor(Set.of(RedFlag.SUICIDE_OR_SELF_HARM));

    assertThat(reply).contains("988").contains("112, 911 or 999");
  }
}
