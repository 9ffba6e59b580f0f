package org.medirelay.push;

import java.time.Instant;
import java.util.List;

/**
 * Something kept in the store that dashboards hear of when it changes: rings, appointments, calls
 * in progress. Each app instance asks its sources at every tick of its {@link EventFeed}, so a
 * change written through one instance reaches the users connected to any other.
 */
public interface EventSource {

  /**
   * The events for what changed after {@code since}. The window overlaps the previous one, so an
   * event may be reported again under the same key; the feed delivers it once.
   */
  List<PushEvent> changedSince(Instant since);

  /** What a user's stream is told as it opens, such as a ring already in progress. */
  default List<PushEvent> current(String userId) {
    return List.of();
  }
}
