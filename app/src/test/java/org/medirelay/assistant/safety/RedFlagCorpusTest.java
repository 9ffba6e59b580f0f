package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.safety.RedFlagCorpus.Entry;

/**
 * The red-flag corpus through the detector alone: each message must raise the presentation it is
 * filed under (the HTTP test, {@code RedFlagCorpusApiTest}, checks the replies patients get).
 */
class RedFlagCorpusTest {

  private final RedFlagDetector detector = new RedFlagDetector();
  private final RedFlagCorpus corpus = RedFlagCorpus.load();

  @Test
  void raisesTheExpectedPresentationAndNothingOnOrdinaryMessages() {
    List<String> missed = new ArrayList<>();
    List<String> falseAlarms = new ArrayList<>();
    int right = 0;
    for (Entry entry : corpus.redFlags()) {
      List<String> raised =
          detector.screen(entry.message()).flags().stream().map(RedFlag::id).toList();
      if (raised.contains(entry.expected())) {
        right++;
      } else {
        missed.add(entry.expected() + " <- \"" + entry.message() + "\" raised " + raised);
      }
    }
    for (Entry entry : corpus.ordinary()) {
      List<String> raised =
          detector.screen(entry.message()).flags().stream().map(RedFlag::id).toList();
      if (!raised.isEmpty()) {
        falseAlarms.add(entry.expected() + " \"" + entry.message() + "\" raised " + raised);
      }
    }

    System.out.printf(
        "Red-flag corpus, detector: expected presentation raised for %s; ordinary messages flagged:"
            + " %s%n",
        RedFlagCorpus.share(right, corpus.redFlags().size()),
        RedFlagCorpus.share(falseAlarms.size(), corpus.ordinary().size()));
    missed.forEach(m -> System.out.println("  missed: " + m));
    falseAlarms.forEach(f -> System.out.println("  false alarm: " + f));
    assertThat(corpus.redFlags()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(corpus.ordinary()).hasSizeGreaterThanOrEqualTo(50);
    assertThat((double) right / corpus.redFlags().size())
        .isGreaterThanOrEqualTo(RedFlagCorpus.MIN_FLAGGED);
    assertThat(falseAlarms).isEmpty();
  }

  @Test
  void everyPresentationHasPhrasingsInTheCorpus() {
    RedFlagRules rules = RedFlagRules.builtIn();

    assertThat(corpus.redFlags())
        .extracting(Entry::expected)
        .allMatch(id -> rules.flag(id).isPresent());
    for (RedFlag flag : rules.flags()) {
      assertThat(corpus.redFlags())
          .as(flag.id())
          .filteredOn(e -> e.expected().equals(flag.id()))
          .hasSizeGreaterThanOrEqualTo(5);
    }
  }
}
