package org.medirelay.assistant.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeidentifierTest {

  private final Deidentifier deidentifier = new Deidentifier();

  @Test
  void removesIdentifiersAndKeepsTheQuestion() {
    String cleaned =
        deidentifier.clean(
            "My name is Priya Patel, born 04/07/1985, NHS number 943 476 5919, call +44 7700 900123 or mail"
                + " priya@example.com, I live at SW1A 1AA. See https://example.com/x. How do I reschedule?",
            "Priya Patel");

    assertThat(cleaned)
        .doesNotContain("Priya", "Patel", "1985", "5919", "7700", "example.com", "SW1A")
        .contains("How do I reschedule?");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(deidentifier.clean("Which browsers are supported on iPhone 15?", "Sam Lee"))
        .isEqualTo("Which browsers are supported on iPhone 15?");
  }
}
