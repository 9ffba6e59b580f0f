package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedFlagRulesTest {

  private static final String MINIMAL =
      """
      list pain: pain, ache
      list site: chest, jaw
      [example]
      label: an example
      source: a triage rule,
      source:   continued
      reply: emergency, crisis
      first step: Sit down.
      sign: {site} {pain} + {severe}, for 15..16 minute
      list severe: severe
      """;

  @Test
  void everyShippedPresentationCitesItsSourceAndSaysWhatToDo() {
    RedFlagRules rules = RedFlagRules.builtIn();

    assertThat(rules.flags()).hasSizeGreaterThanOrEqualTo(10);
    for (RedFlag flag : rules.flags()) {
      assertThat(flag.sources()).as(flag.id()).isNotEmpty();
      assertThat(flag.label()).as(flag.id()).isNotBlank();
      assertThat(flag.emergency() || flag.crisis()).as(flag.id()).isTrue();
      assertThat(flag.sources())
          .as(flag.id())
          .anyMatch(s -> s.contains("NHS") || s.contains("NICE"));
    }
  }

  @Test
  void listsAndRangesStandForEachOfTheirPhrasesWhereverTheyAreDefined() {
    RedFlagDetector detector = new RedFlagDetector(RedFlagRules.parse(MINIMAL));

    assertThat(detector.screen("severe jaw ache").emergency()).isTrue();
    assertThat(detector.screen("it has been like this for 16 minutes").emergency()).isTrue();
    assertThat(detector.screen("jaw ache").emergency()).isFalse();
    assertThat(detector.screen("for 17 minutes").emergency()).isFalse();
    RedFlag example = RedFlagRules.parse(MINIMAL).flag("example").orElseThrow();
    assertThat(example.sources()).containsExactly("a triage rule, continued");
    assertThat(example.crisis()).isTrue();
    assertThat(example.firstStep()).isEqualTo("Sit down.");
  }

  @Test
  void aLineThatCannotBeReadStopsWithItsNumber() {
    assertThatThrownBy(() -> RedFlagRules.parse(MINIMAL + "sign: {nowhere}\n"))
        .hasMessageContaining("[example]")
        .hasMessageContaining("no list named nowhere");
    assertThatThrownBy(() -> RedFlagRules.parse("[x]\nlabel x\n")).hasMessageContaining("line 2");
    assertThatThrownBy(
            () -> RedFlagRules.parse(MINIMAL.replace("reply: emergency, crisis", "reply: soon")))
        .hasMessageContaining("reply");
  }
}
