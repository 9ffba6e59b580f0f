package org.medirelay.turn.limits;

import java.util.HashMap;
import java.util.Map;

/**
 * How many of something (allocations, connections) each key (a user, a {@link SourceKey}) holds,
 * against one limit; a limit of 0 is none. Keys that hold nothing are forgotten, so the map is as
 * large as what is held. One owner, the event loop: not thread-safe.
 */
public final class Quota<K> {

  private final int limit;
  private final Map<K, Integer> held = new HashMap<>();

  public Quota(int limit) {
    this.limit = limit;
  }

  /** True when {@code key} may take one more. */
  public boolean admits(K key) {
    return limit <= 0 || held(key) < limit;
  }

  public void add(K key) {
    held.merge(key, 1, Integer::sum);
  }

  public void remove(K key) {
    held.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
  }

  public int held(K key) {
    return held.getOrDefault(key, 0);
  }

  public int limit() {
    return limit;
  }
}
