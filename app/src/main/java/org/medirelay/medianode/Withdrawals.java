package org.medirelay.medianode;

import java.util.List;
import org.medirelay.heartbeat.HeartbeatReply.RevokedParticipant;

/**
 * What media nodes must no longer admit although its join tokens have not expired, told to every
 * node in each heartbeat reply. The session feature knows it; this package only passes it on.
 */
public interface Withdrawals {

  /**
   * Sessions whose consultation has ended or been cancelled while its tokens may still be valid.
   */
  List<String> endedSessions();

  /** Participants withdrawn from their session while their tokens may still be valid. */
  List<RevokedParticipant> revokedParticipants();
}
