package org.medirelay.media.conference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conference's waiting room, in the order people arrived. Changed only under the {@link
 * Conferences} lock; read by the heartbeat's withdrawal check too, hence the copies.
 */
final class Lobby {

  private final Map<String, Waiter> byId = new LinkedHashMap<>();

  synchronized void add(Waiter waiter) {
    byId.put(waiter.id(), waiter);
  }

  /** Takes the waiter with {@code id} out of the room; null when nobody of that id waits. */
  synchronized Waiter remove(String id) {
    return byId.remove(id);
  }

  /** The waiter holding {@code userId}'s earlier connection, if any. */
  synchronized Waiter byUser(String userId) {
    for (Waiter waiter : byId.values()) {
      if (waiter.userId().equals(userId)) {
        return waiter;
      }
    }
    return null;
  }

  synchronized List<Waiter> waiters() {
    return new ArrayList<>(byId.values());
  }

  synchronized int size() {
    return byId.size();
  }
}
