package org.medirelay.media.ops;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.medirelay.heartbeat.NodeHeartbeat;
import org.medirelay.heartbeat.NodeHeartbeat.ChatLine;

/**
 * The chat messages of calls on this node that the app keeps with their appointments, when the
 * clinic keeps chat (the app says so in each heartbeat reply; until then, and by default, nothing
 * is kept and chat lasts as long as the call). Each message waits here until a heartbeat the app
 * acknowledged carried it; the node stops keeping the oldest beyond {@link #MAX_KEPT} (an app
 * unreachable for long).
 */
public final class ChatArchive {

  static final int MAX_KEPT = 10_000;

  private final Deque<ChatLine> unacknowledged = new ArrayDeque<>();
  private volatile boolean keeping;

  /** Whether chat said from now on is kept: the clinic's setting, as the app last answered. */
  public boolean keeping() {
    return keeping;
  }

  public void setKeeping(boolean keeping) {
    this.keeping = keeping;
  }

  /** Keeps one message said in {@code sessionId}'s call, when the clinic keeps chat. */
  public void said(String sessionId, String userId, String displayName, Instant at, String text) {
    if (!keeping) {
      return;
    }
    // The app refuses a whole heartbeat with a line out of its bounds: keep every line inside them.
    String name =
        displayName.length() > NodeHeartbeat.MAX_DISPLAY_NAME
            ? displayName.substring(0, NodeHeartbeat.MAX_DISPLAY_NAME)
            : displayName;
    ChatLine line = new ChatLine(UUID.randomUUID().toString(), sessionId, userId, name, at, text);
    synchronized (unacknowledged) {
      if (unacknowledged.size() == MAX_KEPT) {
        unacknowledged.removeFirst();
      }
      unacknowledged.addLast(line);
    }
  }

  /** What the next heartbeat carries: the oldest, at most as many as one heartbeat holds. */
  public List<ChatLine> unacknowledged() {
    synchronized (unacknowledged) {
      return unacknowledged.stream().limit(NodeHeartbeat.MAX_CHAT_LINES).toList();
    }
  }

  /** The app took these: they are not reported again. */
  public void acknowledged(Collection<ChatLine> lines) {
    synchronized (unacknowledged) {
      unacknowledged.removeAll(lines);
    }
  }
}
