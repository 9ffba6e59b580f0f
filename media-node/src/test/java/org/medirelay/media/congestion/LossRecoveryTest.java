package org.medirelay.media.congestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LossRecoveryTest {

  private final LossRecovery recovery = new LossRecovery();
  private final Random random = new Random(11);

  private void lossy(int packets, double loss) {
    for (int i = 0; i < packets; i++) {
      recovery.add(random.nextDouble() >= loss);
    }
  }

  private void clean(int packets) {
    for (int i = 0; i < packets; i++) {
      recovery.add(true);
    }
  }

  @Test
  void steadyThreePercentLossIsNoRecoveryAndItsEndIsOne() {
    lossy(20_000, 0.03); // over four minutes of a low layer and audio
    assertThat(recovery.recoveries()).as("clean runs by chance").isLessThanOrEqualTo(1);
    long before = recovery.recoveries();
    clean(LossRecovery.MAX_RUN);
    assertThat(recovery.recoveries()).isEqualTo(before + 1);
  }

  @Test
  void aRareLossOnAGoodLinkIsNoRecovery() {
    for (int i = 0; i < 50; i++) {
      recovery.add(false);
      clean(999); // 0.1 % loss
    }
    assertThat(recovery.recoveries()).isZero();
  }

  @Test
  void heavyLossEndsAfterTheShortestRun() {
    lossy(500, 0.2);
    recovery.add(false);
    clean(LossRecovery.MIN_RUN - 1);
    assertThat(recovery.recoveries()).isZero();
    recovery.add(true);
    assertThat(recovery.recoveries()).isEqualTo(1);
  }
}
