package org.medirelay.media.conference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.medirelay.media.router.Router;
import org.medirelay.media.speaker.ActiveSpeaker;

/**
 * The participants of one video session, the {@link Router} that forwards their media between them,
 * and who of them is speaking ({@link ActiveSpeaker}). Membership and negotiation changes take the
 * conference lock; the packet path never locks.
 */
public final class Conference {

  private final String sessionId;
  private final Instant startedAt = Instant.now();
  private final Router router = new Router();
  private final ActiveSpeaker activeSpeaker = new ActiveSpeaker();
  private volatile Participant[] participants = new Participant[0];

  Conference(String sessionId) {
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  /** When the first participant joined: the call's start, reported when a host ends it. */
  Instant startedAt() {
    return startedAt;
  }

  Router router() {
    return router;
  }

  /** Who is speaking: {@link ActiveSpeaker#current} is a volatile read, for the packet path too. */
  public ActiveSpeaker activeSpeaker() {
    return activeSpeaker;
  }

  public int size() {
    return participants.length;
  }

  /**
   * Adds a participant: tells everyone, and sends the newcomer an offer with every stream already
   * published.
   */
  synchronized void add(Participant newcomer) {
    Participant[] current = participants;
    newcomer.peer().send(Messages.joined(newcomer, Arrays.asList(current)));
    for (Participant other : current) {
      other.peer().send(Messages.participantJoined(newcomer));
    }
    participants = append(current, newcomer);
    // Read after the newcomer is in the list: a speaker change from now on reaches it anyway.
    String speaking = activeSpeaker.current();
    if (speaking != null) {
      newcomer.peer().send(Messages.activeSpeaker(speaking));
    }
    for (Participant publisher : current) {
      newcomer.addDownlinkSlots(publisher);
    }
    // One offer with everything already published: a late joiner sees everyone at once.
    newcomer.negotiate();
  }

  synchronized void remove(Participant leaver) {
    Participant[] current = participants;
    List<Participant> rest = new ArrayList<>();
    for (Participant p : current) {
      if (p != leaver) {
        rest.add(p);
      }
    }
    if (rest.size() == current.length) {
      return;
    }
    participants = rest.toArray(new Participant[0]);
    activeSpeaker.forget(leaver.id());
    leaver.leaveRouter();
    for (Participant other : rest) {
      other.peer().send(Messages.participantLeft(leaver));
      other.removeDownlink(leaver);
    }
  }

  /** A publisher's SSRCs became known (or changed): offer its streams to everyone else. */
  synchronized void publisherChanged(Participant publisher) {
    for (Participant other : participants) {
      other.addDownlink(publisher);
    }
  }

  /**
   * Closes the speakers' windows (every {@link ActiveSpeaker#WINDOW}) and tells everyone when the
   * speaker changed. Not under the conference lock: a newcomer added meanwhile reads the speaker
   * after joining the list ({@link #add}), so it hears of the change one way or the other.
   */
  void updateActiveSpeaker() {
    String speaking = activeSpeaker.tick();
    if (speaking != null) {
      String message = Messages.activeSpeaker(speaking);
      forEach(p -> p.peer().send(message));
    }
  }

  void forEach(Consumer<Participant> action) {
    for (Participant p : participants) {
      action.accept(p);
    }
  }

  private static Participant[] append(Participant[] array, Participant p) {
    Participant[] bigger = Arrays.copyOf(array, array.length + 1);
    bigger[array.length] = p;
    return bigger;
  }
}
