package org.medirelay.media.conference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medirelay.heartbeat.NodeHeartbeat.Presence;
import org.medirelay.media.ops.NodeLoad;

/**
 * What the node tells of its calls ({@link NodeLoad}): the sessions it hosts, who is in them or
 * waits for them, how many they are, read from {@link Conferences}' map without its lock.
 */
final class Census implements NodeLoad {

  private final Map<String, Conference> bySession;
  private volatile Runnable presenceChanged = () -> {};

  Census(Map<String, Conference> bySession) {
    this.bySession = bySession;
  }

  /** Someone joined, left, started or stopped waiting: the listener hears of it. */
  void changed() {
    presenceChanged.run();
  }

  @Override
  public boolean hosts(String sessionId) {
    return bySession.containsKey(sessionId);
  }

  @Override
  public List<String> sessionIds() {
    return List.copyOf(bySession.keySet());
  }

  @Override
  public List<Presence> presence() {
    List<Presence> present = new ArrayList<>();
    for (Conference conference : bySession.values()) {
      String session = conference.sessionId();
      conference.forEach(p -> present.add(new Presence(session, p.userId(), false)));
      for (Waiter waiter : conference.lobby().waiters()) {
        present.add(new Presence(session, waiter.userId(), true));
      }
    }
    return present;
  }

  @Override
  public void onPresenceChange(Runnable listener) {
    presenceChanged = listener;
  }

  @Override
  public int sessionCount() {
    return bySession.size();
  }

  @Override
  public int participantCount() {
    int total = 0;
    for (Conference conference : bySession.values()) {
      total += conference.size();
    }
    return total;
  }
}
