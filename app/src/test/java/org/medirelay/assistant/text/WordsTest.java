package org.medirelay.assistant.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void tokensSpellOutContractionsAndKeepSentencePunctuation() {
    assertThat(Words.tokens("I CAN'T breathe. Don’t wait!"))
        .containsExactly("i", "cannot", "breathe", ".", "do", "not", "wait", "!");
    assertThat(Words.tokens("can not")).containsExactly("cannot");
    assertThat(Words.tokens("Café naïve")).containsExactly("cafe", "naive");
  }

  @Test
  void stemsPluralsLightly() {
    assertThat(Words.stem("pains")).isEqualTo("pain");
    assertThat(Words.stem("allergies")).isEqualTo("allergy");
    assertThat(Words.stem("breathless")).isEqualTo("breathless");
    assertThat(Words.stem("virus")).isEqualTo("virus");
  }

  @Test
  void toleratesOneSlipInLongerWordsAndTwoInLongOnes() {
    assertThat(Words.similar("breth", "breath")).isTrue();
    assertThat(Words.similar("chets", "chest")).isTrue();
    assertThat(Words.similar("unconsious", "unconscious")).isTrue();
    assertThat(Words.similar("unconsous", "unconscious")).isTrue();
    assertThat(Words.similar("pleading", "bleeding")).as("first letter differs").isFalse();
    assertThat(Words.similar("pan", "pain")).as("short words must match exactly").isFalse();
    assertThat(Words.similar("2019", "2018")).isFalse();
  }
}
