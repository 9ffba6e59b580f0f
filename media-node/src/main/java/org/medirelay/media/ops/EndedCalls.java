package org.medirelay.media.ops;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.medirelay.heartbeat.NodeHeartbeat.EndedCall;

/**
 * The calls a host ended for everyone that the app has not yet acknowledged. The app completes the
 * appointment of such a call; it learns of it in the heartbeat, which the node sends at once when a
 * call ends, and again every few seconds until the app answers 200, so an ended call survives an
 * app that is restarting or unreachable for a while. The node stops keeping the oldest beyond
 * {@link #MAX_KEPT} (an app unreachable for days).
 *
 * <p>The node also remembers which sessions were ended here (the last {@link #MAX_KEPT}), so that
 * nobody rejoins one before the app's heartbeat reply withdraws it, nor ever on a node that runs
 * without the app.
 */
public final class EndedCalls {

  static final int MAX_KEPT = 1000;

  private final Deque<EndedCall> unacknowledged = new ArrayDeque<>();

  /** Sessions ended here, oldest first; guarded by {@link #unacknowledged}'s lock. */
  private final Set<String> endedSessions = new LinkedHashSet<>();

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void add(EndedCall call) {
    synchronized (unacknowledged) {
      if (unacknowledged.size() == MAX_KEPT) {
        unacknowledged.removeFirst();
      }
      unacknowledged.addLast(call);
      endedSessions.remove(call.sessionId());
      endedSessions.add(call.sessionId());
      if (endedSessions.size() > MAX_KEPT) {
        endedSessions.remove(endedSessions.iterator().next());
      }
    }
    listeners.forEach(Runnable::run);
  }

  /** Whether a host ended this session's call on this node (recently: see the class comment). */
  public boolean ended(String sessionId) {
    synchronized (unacknowledged) {
      return endedSessions.contains(sessionId);
    }
  }

  /** What the next heartbeat reports. */
  public List<EndedCall> unacknowledged() {
    synchronized (unacknowledged) {
      return List.copyOf(unacknowledged);
    }
  }

  /** The app took these: they are not reported again. */
  public void acknowledged(Collection<EndedCall> calls) {
    synchronized (unacknowledged) {
      unacknowledged.removeAll(calls);
    }
  }

  /** Listeners hear of each ended call at once (the heartbeat tells the app without waiting). */
  public void onEnded(Runnable listener) {
    listeners.add(listener);
  }
}
