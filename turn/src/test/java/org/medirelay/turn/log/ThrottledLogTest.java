package org.medirelay.turn.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.medirelay.testkit.ManualClock;

class ThrottledLogTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void aKindIsWrittenOncePerIntervalAndTheNextLineCountsWhatWasLeftOut() {
    Logger logger = Logger.getAnonymousLogger();
    logger.setUseParentHandlers(false);
    List<String> lines = new ArrayList<>();
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    ThrottledLog log = new ThrottledLog(logger, clock);

    for (int i = 0; i < 1000; i++) {
      log.log(Level.WARNING, "accept", () -> "accept failed");
      log.log(Level.INFO, "auth", () -> "authentication failed");
      clock.advance(Duration.ofMillis(5));
    }
    clock.advance(Duration.ofMillis(ThrottledLog.INTERVAL_MILLIS));
    log.log(Level.WARNING, "accept", () -> "accept failed");

    assertThat(lines)
        .containsExactly(
            "accept failed",
            "authentication failed",
            "accept failed (and 999 more like this since the last such line)");
  }

  @Test
  void clientStringsCannotForgeLinesOrFillTheLog() {
    assertThat(ThrottledLog.printable("alice\nFAKE: admin logged in")).doesNotContain("\n");
    assertThat(ThrottledLog.printable("x".repeat(500))).hasSize(65);
  }
}
