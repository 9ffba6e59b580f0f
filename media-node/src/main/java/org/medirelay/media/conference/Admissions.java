package org.medirelay.media.conference;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.medirelay.media.pipeline.NanoClock;

/**
 * Who a host has let into each session, and who a host removed from it (token subjects), so that a
 * person admitted once enters straight away when they join again during the same call: after a lost
 * connection, from another tab, or when everyone's connection dropped at once; and a person removed
 * waits in the waiting room when they come back, whatever their token grants, until a host lets
 * them in again. A session's admissions outlive its conference by {@link #KEPT_AFTER_EMPTY_NANOS},
 * and end with the call when a host ends it. Used under the {@link Conferences} lock.
 */
final class Admissions {

  /**
   * Longer than the page's reconnection attempts (about 25 s) with room for a node or network
   * hiccup; a consultation resumed later than this starts again with the waiting room.
   */
  static final long KEPT_AFTER_EMPTY_NANOS = TimeUnit.MINUTES.toNanos(5);

  /** What a host decided about a person in a session, the latest word counting. */
  private enum Verdict {
    ADMITTED,
    REMOVED
  }

  private final Map<String, Map<String, Verdict>> verdicts = new HashMap<>();
  private final Map<String, Long> emptiedAt = new HashMap<>();
  private final NanoClock clock;

  Admissions(NanoClock clock) {
    this.clock = clock;
  }

  boolean admitted(String sessionId, String userId) {
    return verdict(sessionId, userId) == Verdict.ADMITTED;
  }

  /** A host removed them from the call, and no host has let them in since. */
  boolean removed(String sessionId, String userId) {
    return verdict(sessionId, userId) == Verdict.REMOVED;
  }

  void admit(String sessionId, String userId) {
    verdicts.computeIfAbsent(sessionId, id -> new HashMap<>()).put(userId, Verdict.ADMITTED);
  }

  void remove(String sessionId, String userId) {
    verdicts.computeIfAbsent(sessionId, id -> new HashMap<>()).put(userId, Verdict.REMOVED);
  }

  private Verdict verdict(String sessionId, String userId) {
    return verdicts.getOrDefault(sessionId, Map.of()).get(userId);
  }

  /** The session's conference is gone: its admissions are kept a while, then forgotten. */
  void emptied(String sessionId) {
    if (verdicts.containsKey(sessionId)) {
      emptiedAt.put(sessionId, clock.nanos());
    }
  }

  /** Someone is in the session again: its admissions last as long as the call. */
  void occupied(String sessionId) {
    emptiedAt.remove(sessionId);
  }

  /** The call ended for everyone: whoever joins the session again waits. */
  void forget(String sessionId) {
    verdicts.remove(sessionId);
    emptiedAt.remove(sessionId);
  }

  /** Forgets the sessions that have been empty longer than {@link #KEPT_AFTER_EMPTY_NANOS}. */
  void forgetStale() {
    long now = clock.nanos();
    emptiedAt
        .entrySet()
        .removeIf(
            entry -> {
              boolean stale = now - entry.getValue() > KEPT_AFTER_EMPTY_NANOS;
              if (stale) {
                verdicts.remove(entry.getKey());
              }
              return stale;
            });
  }

  int sessions() {
    return verdicts.size();
  }
}
