package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmergencyAdviceTest {

  private static final RedFlagRules RULES = RedFlagRules.builtIn();

  private static List<RedFlag> flags(String... ids) {
    return Arrays.stream(ids).map(id -> RULES.flag(id).orElseThrow()).toList();
  }

  @Test
  void namesTheClinicsEmergencyNumber() {
    String reply = new EmergencyAdvice("112", "").replyFor(flags("stroke"));

    assertThat(reply)
        .contains("Call 112 now")
        .contains("emergency department")
        .contains("time the signs started");
  }

  @Test
  void suicidalIntentGetsTheCrisisLine() {
    String reply =
        new EmergencyAdvice("999", "Samaritans on 116 123")
            .replyFor(flags("suicidal-or-self-harm"));

    assertThat(reply).contains("Samaritans on 116 123").contains("999");
  }

  @Test
  void withoutConfigurationNamesTheCommonNumbers() {
    String reply = new EmergencyAdvice(null, null).replyFor(flags("suicidal-or-self-harm"));

    assertThat(reply).contains("988").contains("112, 911 or 999");
  }

  @Test
  void anOverdoseGetsBothTheEmergencyNumberAndTheCrisisLine() {
    String reply =
        new EmergencyAdvice("999", "Samaritans on 116 123")
            .replyFor(flags("overdose-or-poisoning"));

    assertThat(reply)
        .contains("Samaritans on 116 123")
        .contains("Call 999 now")
        .contains("keep the packaging");
  }
}
