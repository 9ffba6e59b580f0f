package org.medirelay.assistant.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.safety.RedFlagCorpus.Entry;
import org.medirelay.assistant.safety.RedFlagCorpus.Tally;

/**
 * The red-flag corpus through the detector alone: each message must raise the presentation it is
 * filed under (the HTTP test, {@code RedFlagCorpusApiTest}, checks the replies patients get).
 */
class RedFlagCorpusTest {

  private final RedFlagDetector detector = new RedFlagDetector();
  private final RedFlagCorpus corpus = RedFlagCorpus.load();

  @Test
  void raisesTheExpectedPresentationAndNothingOnOrdinaryMessages() {
    Tally tally = corpus.tally();
    for (Entry entry : corpus.redFlags()) {
      List<String> raised = raised(entry);
      if (!raised.contains(entry.expected())) {
        tally.missed(entry, " raised " + raised);
      }
    }
    for (Entry entry : corpus.ordinary()) {
      List<String> raised = raised(entry);
      if (!raised.isEmpty()) {
        tally.falseAlarm(entry, " raised " + raised);
      }
    }

    tally.print("Red-flag corpus, detector (the expected presentation)");
    assertThat(corpus.redFlags()).hasSizeGreaterThanOrEqualTo(100);
    assertThat(corpus.ordinary()).hasSizeGreaterThanOrEqualTo(50);
    tally.assertMeetsTheBar();
  }

  private List<String> raised(Entry entry) {
    return detector.screen(entry.message()).flags().stream().map(RedFlag::id).toList();
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
