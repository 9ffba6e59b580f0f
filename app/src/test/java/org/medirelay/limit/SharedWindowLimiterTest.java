package org.medirelay.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.medirelay.support.WireStoreClients;
import org.medirelay.testkit.ManualClock;

/**
 * The shared sliding window through a real wire store, with two clients standing for two instances
 * of the app: what one counts the other sees, and racing requests never pass the limit together.
 */
class SharedWindowLimiterTest {

  private final WireStoreClients store = new WireStoreClients();
  private final ManualClock clock = new ManualClock("2026-01-01T10:00:00Z");
  private final SharedRecords first = new SharedRecords(store.client(), clock);
  private final SharedRecords second = new SharedRecords(store.client(), clock);

  @AfterEach
  void close() {
    store.close();
  }

  private SharedWindowLimiter limiter(SharedRecords records, Duration window, int limit) {
    return new SharedWindowLimiter(records, clock, "test", window, limit);
  }

  @Test
  void blocksAfterTheAllowanceCountedOnEitherInstanceUntilTheOldestLeavesTheWindow() {
    SharedWindowLimiter onFirst = limiter(first, Duration.ofMinutes(15), 3);
    SharedWindowLimiter onSecond = limiter(second, Duration.ofMinutes(15), 3);
    for (int i = 0; i < 3; i++) {
      assertThat(onFirst.blockedFor("k")).isEmpty();
      (i % 2 == 0 ? onFirst : onSecond).record("k");
      clock.advance(Duration.ofMinutes(1));
    }
    // Events at 10:00, 10:01, 10:02; now 10:03: free again at 10:15, on both.
    assertThat(onFirst.blockedFor("k")).contains(Duration.ofMinutes(12));
    assertThat(onSecond.blockedFor("k")).contains(Duration.ofMinutes(12));
    assertThat(onSecond.blockedFor("other")).isEmpty();
    clock.advance(Duration.ofMinutes(12));
    assertThat(onSecond.blockedFor("k")).isEmpty();
    onFirst.record("k");
    assertThat(onSecond.blockedFor("k")).contains(Duration.ofMinutes(1));
  }

  @Test
  void allowsTheLimitAndSaysHowLongToWait() {
    SharedWindowLimiter limit = limiter(first, Duration.ofMinutes(1), 3);
    assertThat(limit.tryAcquire("p1")).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(limit.tryAcquire("p1")).isEmpty();
    assertThat(limit.tryAcquire("p1")).isEmpty();
    assertThat(limit.tryAcquire("p1")).contains(Duration.ofSeconds(50));
    assertThat(limit.tryAcquire("p2")).as("another key has its own budget").isEmpty();
    clock.advance(Duration.ofSeconds(50));
    assertThat(limit.tryAcquire("p1")).isEmpty();
  }

  @Test
  void refusedEventsNeverGrowARecordBeyondItsLimitAndTheWaitStaysExact() {
    SharedWindowLimiter limit = limiter(first, Duration.ofMinutes(1), 2);
    for (int i = 0; i < 50; i++) {
      limit.record("e");
      clock.advance(Duration.ofMillis(100));
    }
    // Kept: the events at 4.8 s and 4.9 s; now 5.0 s: free once the first is 60 s old.
    assertThat(limit.blockedFor("e")).contains(Duration.ofMillis(59_800));
    assertThat(first.read("test:e").orElseThrow().getList("times", Object.class)).hasSize(2);
    clock.advance(Duration.ofMinutes(1));
    assertThat(first.read("test:e")).as("expired with its window").isEmpty();
  }

  @Test
  void twentyRacingRequestsThroughTwoInstancesGetExactlyTheLimit() throws Exception {
    List<SharedWindowLimiter> instances =
        List.of(limiter(first, Duration.ofHours(1), 10), limiter(second, Duration.ofHours(1), 10));
    ExecutorService threads = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<?>>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        SharedWindowLimiter instance = instances.get(i % 2);
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  return instance.tryAcquire("203.0.113.9");
                }));
      }
      start.countDown();
      int allowed = 0;
      for (Future<Optional<?>> answer : answers) {
        allowed += answer.get().isEmpty() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(10);
    } finally {
      threads.shutdownNow();
    }
  }
}
