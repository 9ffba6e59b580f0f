package org.medirelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinkConditionsTest {

  @Test
  void aCapHoldsTwentyMillisecondsInItsBucketButAtLeastAFewPackets() {
    assertThat(LinkConditions.cap(2000).burstBytes()).isEqualTo(5000);
    assertThat(LinkConditions.cap(100).burstBytes()).isEqualTo(4096);
    assertThat(LinkConditions.cap(100).queueMillis()).isEqualTo(300);
  }

  @Test
  void readsAsATableCellDoes() {
    assertThat(LinkConditions.OPEN).hasToString("open");
    assertThat(LinkConditions.cap(350)).hasToString("350 kbit/s");
    assertThat(LinkConditions.lossOf(0.03)).hasToString("3 % loss");
    assertThat(LinkConditions.cap(350).withLoss(0.005)).hasToString("350 kbit/s + 0.5 % loss");
  }

  @Test
  void refusesWhatTcOrIptablesCouldNotDo() {
    assertThatThrownBy(() -> LinkConditions.lossOf(1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkConditions(100, 1000, 300, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkConditions(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
