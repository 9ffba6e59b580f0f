package org.medirelay.medianode;

import java.util.List;
import org.medirelay.heartbeat.NodeHeartbeat.ChatLine;

/**
 * Where the chat that media nodes report goes, when the clinic keeps chat: the chat feature knows
 * the clinic's setting and the sessions' appointments; this package only passes the word on. A node
 * reports a message until the app acknowledges it, so the same message may arrive more than once.
 */
public interface ChatKeeping {

  /** Whether nodes report chat from now on (the clinic's setting). */
  boolean keepsChat();

  /** Messages said in calls on {@code nodeId}. */
  void said(List<ChatLine> lines, String nodeId);
}
