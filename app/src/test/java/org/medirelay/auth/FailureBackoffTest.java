package org.medirelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.limit.SharedRecords;
import org.medirelay.support.WireStoreClients;
import org.medirelay.testkit.ManualClock;

/** The backoff through a real wire store; a second client stands for a second app instance. */
class FailureBackoffTest {

  private final WireStoreClients store = new WireStoreClients();
  private final ManualClock clock = new ManualClock();
  private final FailureBackoff backoff = backoff();
  private final FailureBackoff otherInstance = backoff();

  private FailureBackoff backoff() {
    return new FailureBackoff(
        new SharedRecords(store.client(), clock), clock, "pair", Duration.ofMinutes(15));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void freeFailuresCostNothingThenEachPauseDoublesUpToTheLongest() {
    for (int i = 0; i < 5; i++) {
      backoff.record("k", 5);
      assertThat(backoff.blockedFor("k")).isEmpty();
    }
    long[] pauses = {5, 10, 20, 40, 80, 160, 320, 640, 900, 900};
    for (long pause : pauses) {
      backoff.record("k", 5);
      assertThat(backoff.blockedFor("k")).contains(Duration.ofSeconds(pause));
      clock.advance(Duration.ofSeconds(pause));
      assertThat(backoff.blockedFor("k")).isEmpty();
    }
    assertThat(backoff.blockedFor("other")).isEmpty();
  }

  @Test
  void failuresOnEitherInstanceCountTogether() {
    for (int i = 0; i < 5; i++) {
      (i % 2 == 0 ? backoff : otherInstance).record("k", 5);
    }
    assertThat(otherInstance.blockedFor("k")).isEmpty();
    otherInstance.record("k", 5);
    assertThat(backoff.blockedFor("k")).contains(Duration.ofSeconds(5));
    backoff.forget("k");
    assertThat(otherInstance.blockedFor("k")).isEmpty();
  }

  @Test
  void failuresAreForgottenAfterAQuietSpellOrWhenToldSo() {
    for (int i = 0; i < 7; i++) {
      backoff.record("k", 5);
    }
    // The 7th failure paused the key 10 s: 15 minutes on, its failures still count (the 8th pauses
    // it 20 s); 15 minutes after a pause ends with no failure since, they are forgotten.
    clock.advance(Duration.ofMinutes(15));
    backoff.record("k", 5);
    assertThat(backoff.blockedFor("k")).contains(Duration.ofSeconds(20));
    clock.advance(Duration.ofSeconds(20 + 15 * 60));
    backoff.record("k", 5);
    assertThat(backoff.blockedFor("k")).isEmpty();

    for (int i = 0; i < 7; i++) {
      backoff.record("k", 5);
    }
    assertThat(backoff.blockedFor("k")).isPresent();
    backoff.forget("k");
    assertThat(backoff.blockedFor("k")).isEmpty();
    backoff.record("k", 5);
    assertThat(backoff.blockedFor("k")).isEmpty();
  }
}
