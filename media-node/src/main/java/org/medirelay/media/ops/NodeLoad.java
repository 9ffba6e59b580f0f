package org.medirelay.media.ops;

import java.util.List;
import org.medirelay.heartbeat.NodeHeartbeat.Presence;

/**
 * What the node carries: the join gate refuses joins beyond capacity and, while draining, for
 * sessions not already here; the heartbeat reports it to the app for placement.
 */
public interface NodeLoad {

  int participantCount();

  int sessionCount();

  /** The ids of the sessions with participants here. */
  List<String> sessionIds();

  boolean hosts(String sessionId);

  /** Who is here for each session: in the call or waiting to be let in. */
  List<Presence> presence();

  /**
   * Calls {@code listener} whenever someone enters or leaves a call or its waiting room, so the
   * heartbeat tells the app at once rather than at its next interval.
   */
  void onPresenceChange(Runnable listener);
}
