package org.medirelay.media.ops;

import java.util.List;

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
}
