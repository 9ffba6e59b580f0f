package org.medirelay.assistant.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerReadersTest {

  /** Sunday 22 November 2026 in the clinic's zone (it is still Saturday in UTC-10). */
  private final OnsetAnswer onset =
      new OnsetAnswer(
          Clock.fixed(Instant.parse("2026-11-22T00:30:00Z"), ZoneId.of("Europe/Berlin")));

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "3 days ago | 2026-11-19",
        "for two weeks | 2026-11-08",
        "a couple of days | 2026-11-20",
        "a few days | 2026-11-19",
        "yesterday | 2026-11-21",
        "last night | 2026-11-21",
        "this morning | 2026-11-22",
        "since Monday | 2026-11-16",
        "since last sunday | 2026-11-15",
        "about a month | 2026-10-22",
        "last year | 2025-11-22",
        "since 3 March | 2026-03-03",
        "December 1st | 2025-12-01",
        "2026-10-01 | 2026-10-01",
      })
  void readsOnsetDatesInTheClinicsZone(String words, LocalDate expected) {
    assertThat(onset.read(words))
        .hasValueSatisfying(
            o -> {
              assertThat(o.approximateStart()).isEqualTo(expected);
              assertThat(o.described()).isEqualTo(words);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"for years", "since I was a child", "not sure", "I don't remember", "for months"})
  void acceptsOnsetsWithoutADate(String words) {
    assertThat(onset.read(words))
        .hasValueSatisfying(o -> assertThat(o.approximateStart()).isNull());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tomorrow", "it hurts", "banana"})
  void rejectsAnswersThatAreNotAnOnset(String words) {
    assertThat(onset.read(words)).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7 | 7",
        "7/10 | 7",
        "seven out of ten | 7",
        "about 6 | 6",
        "6-7 | 7",
        "0 | 0",
        "10 | 10",
        "not at all | 0",
        "for 2 days now, maybe a 4 | 4"
      })
  void readsSeverity(String words, int expected) {
    assertThat(SeverityAnswer.read(words))
        .isEqualTo(new SeverityAnswer.Reading(SeverityAnswer.Kind.RATING, expected));
  }

  @Test
  void severityOutsideTheScaleIsNotARating() {
    assertThat(SeverityAnswer.read("15").kind()).isEqualTo(SeverityAnswer.Kind.OUT_OF_RANGE);
    assertThat(SeverityAnswer.read("very bad").kind()).isEqualTo(SeverityAnswer.Kind.NO_NUMBER);
  }

  @Test
  void splitsListsInThePatientsSpelling() {
    assertThat(
            ListAnswer.items("I'm taking Ramipril 5 mg; Metformin 500mg twice daily & vitamin D."))
        .containsExactly("Ramipril 5 mg", "Metformin 500mg twice daily", "vitamin D");
    assertThat(ListAnswer.items("allergic to penicillin and peanuts"))
        .containsExactly("penicillin", "peanuts");
    assertThat(ListAnswer.items("x,".repeat(100))).hasSize(ListAnswer.MAX_ITEMS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "none",
        "None.",
        "no",
        "NKDA",
        "no known allergies",
        "I don't take anything",
        "nothing"
      })
  void recognisesNone(String words) {
    assertThat(ListAnswer.isNone(words)).isTrue();
  }
}
