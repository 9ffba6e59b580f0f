package org.medirelay.media.ops;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.medirelay.heartbeat.HeartbeatReply;
import org.medirelay.heartbeat.HeartbeatReply.RevokedParticipant;

/**
 * What the app has withdrawn although its join tokens are still valid, as its last heartbeat reply
 * said: sessions whose consultation has ended or been cancelled, and participants whose invitation
 * was withdrawn. The join gate refuses them, and the conferences close their connections. Each
 * reply holds the whole list and replaces the previous one; while the app is unreachable the last
 * one stands.
 */
public final class Withdrawals {

  /** The reason given to whoever is refused a session whose call has ended. */
  public static final String CALL_ENDED = "The consultation has ended.";

  private record State(Set<String> endedSessions, Set<RevokedParticipant> revoked) {}

  private volatile State state = new State(Set.of(), Set.of());
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * Takes the app's current list; listeners run after every reply, not only after a change, so a
   * join admitted just before the list changed is closed by the next one.
   */
  public void update(HeartbeatReply reply) {
    state =
        new State(
            Set.copyOf(reply.endedSessions()),
            reply.revokedParticipants().stream().collect(Collectors.toUnmodifiableSet()));
    listeners.forEach(Runnable::run);
  }

  public void onUpdate(Runnable listener) {
    listeners.add(listener);
  }

  /** Why this person may no longer be in this session, a sentence for them; empty if they may. */
  public Optional<String> refusal(String sessionId, String userId) {
    State current = state;
    if (current.endedSessions().contains(sessionId)) {
      return Optional.of(CALL_ENDED);
    }
    if (current.revoked().contains(new RevokedParticipant(sessionId, userId))) {
      return Optional.of("Your invitation to this consultation has been withdrawn.");
    }
    return Optional.empty();
  }
}
