package org.medirelay.assistant.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} messages per patient in any minute. A person typing never reaches it; a
 * script does, and every message may cost a language-model call, so the limit protects the clinic's
 * provider bill and the shared CPU.
 */
final class MessageRateLimit {

  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int limit;
  private final Clock clock;
  private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

  MessageRateLimit(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  /**
   * Counts one message; when the patient is over the limit, how long until the next one is allowed.
   */
  Optional<Duration> acquire(String patientId) {
    Instant now = clock.instant();
    Duration[] wait = {null};
    recent.compute(
        patientId,
        (id, times) -> {
          Deque<Instant> window = times == null ? new ArrayDeque<>() : times;
          while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(WINDOW))) {
            window.pollFirst();
          }
          if (window.size() >= limit) {
            wait[0] = Duration.between(now, window.peekFirst().plus(WINDOW));
          } else {
            window.addLast(now);
          }
          return window;
        });
    return Optional.ofNullable(wait[0]);
  }
}
