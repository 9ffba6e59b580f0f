package org.medirelay.medianode;

import java.time.Instant;

/**
 * Where the calls media nodes report as ended by their host go: the session feature knows which
 * consultation a session belongs to and completes it; this package only passes the report on. A
 * node reports a call until the app acknowledges it, so the same call may arrive more than once.
 */
public interface CallEndings {

  /**
   * A host ended this session's call for everyone.
   *
   * @param startedAt when its first participant joined on the node
   * @param endedAt when the host ended it
   * @param nodeId the node that reported it
   */
  void ended(String sessionId, Instant startedAt, Instant endedAt, String nodeId);
}
