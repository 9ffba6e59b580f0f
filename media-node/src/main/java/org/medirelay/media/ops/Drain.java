package org.medirelay.media.ops;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the operator is taking this node out of service. A draining node keeps its calls (people
 * who drop out may rejoin a session it already hosts) but takes no new sessions: the app places
 * those elsewhere as soon as the heartbeat says so. Once its participant count reaches zero the
 * operator can stop it without cutting anyone off.
 */
public final class Drain {

  private final AtomicBoolean draining = new AtomicBoolean();
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  public boolean isDraining() {
    return draining.get();
  }

  /** Starts (true) or cancels (false) draining; listeners hear of a change at once. */
  public void set(boolean drain) {
    if (draining.getAndSet(drain) != drain) {
      listeners.forEach(Runnable::run);
    }
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
