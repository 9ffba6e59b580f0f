package org.medirelay.assistant.help;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelpSearchTest {

  private static final List<HelpPassage> CORPUS =
      HelpCorpus.load(HelpSearchTest.class.getClassLoader());
  private final HelpSearch search = new HelpSearch(CORPUS);

  @Test
  void loadsEveryShippedTopic() {
    assertThat(CORPUS).hasSizeGreaterThan(20);
    assertThat(CORPUS)
        .extracting(HelpPassage::topic)
        .contains(
            "Joining your video consultation",
            "Camera and microphone",
            "Browsers and devices",
            "Booking, rescheduling and cancelling",
            "Privacy and security",
            "Your consultation",
            "Connection problems");
    assertThat(CORPUS).allSatisfy(p -> assertThat(p.answer()).isNotBlank());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "How do I test my camera? | How do I test my camera and microphone?",
        "how can i check my webcam and mic | How do I test my camera and microphone?",
        "the doctor can't hear me | The other person cannot hear me, or I cannot hear them",
        "Which browsers are supported? | Which browsers are supported?",
        "does it work in safari | Which browsers are supported?",
        "how do I reschedule my appointment | How do I reschedule or change my appointment time?",
        "I need to cancel | How do I cancel an appointment?",
        "is the video call private? | Is my video consultation private and secure?",
        "what happens in a consultation | What happens during a video consultation?",
        "the call won't connect on hospital wifi | The call does not connect or keeps connecting",
        "which firewall ports does the TURN server use | Firewall, proxy or VPN settings for MediRelay",
        "my join link has expired | When can I join, and what if the link does not work?",
        "camra blocked in the browser | The browser did not ask for camera permission, or I pressed Block",
        "can my daughter join the call with me | Can someone join with me, like a family member or an interpreter?",
        "do I need to install an app | Do I need to install anything or create an account?",
        "video is frozen | My video is black or frozen",
      })
  void findsThePassageThatAnswers(String question, String expected) {
    assertThat(search.answer(question))
        .as(question)
        .hasValueSatisfying(p -> assertThat(p.question()).isEqualTo(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "what is the capital of France",
        "tell me a joke",
        "who won the football",
        "asdfgh qwerty",
        "ok",
        ""
      })
  void admitsNotKnowing(String question) {
    assertThat(search.answer(question)).as(question).isEmpty();
  }

  @Test
  void relatedPassagesAreRankedAndBounded() {
    assertThat(search.related("camera microphone browser", 3)).hasSize(3);
    assertThat(search.related("zzzz", 3)).isEmpty();
  }
}
