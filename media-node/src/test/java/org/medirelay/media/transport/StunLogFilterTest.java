package org.medirelay.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** ice4j's records about peers' malformed STUN are counted, and summed up once per interval. */
class StunLogFilterTest {

  private final AtomicInteger counted = new AtomicInteger();
  private final List<String> lines = new ArrayList<>();
  private final StunLogFilter filter = new StunLogFilter(counted::incrementAndGet, lines::add);

  private static LogRecord unexpected(Instant at) {
    LogRecord r = new LogRecord(Level.SEVERE, "Unexpected Error!");
    r.setThrown(new NegativeArraySizeException("-2"));
    r.setInstant(at);
    return r;
  }

  @Test
  void malformedStunIsCountedAndReportedOncePerInterval() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int s = 0; s < 60; s++) {
      assertThat(filter.isLoggable(unexpected(t0.plusSeconds(s)))).isFalse();
    }
    LogRecord invalid = new LogRecord(Level.INFO, "Received an invalid request.");
    invalid.setInstant(t0.plusSeconds(60));
    assertThat(filter.isLoggable(invalid)).isFalse();

    assertThat(counted).hasValue(61);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("1 malformed STUN message(s)")
        .endsWith("java.lang.NegativeArraySizeException: -2");
    assertThat(lines.get(1)).startsWith("60 malformed STUN message(s)");
  }

  @Test
  void everythingElseIce4jSaysIsLogged() {
    LogRecord other = new LogRecord(Level.WARNING, "A net access point has gone useless:");
    assertThat(filter.isLoggable(other)).isTrue();
    assertThat(counted).hasValue(0);
    assertThat(lines).isEmpty();
  }
}
