package org.medirelay.media.conference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

  /** When the first participant entered (not when someone started waiting); null before. */
  private volatile Instant startedAt;

  private final Router router = new Router();
  private final ActiveSpeaker activeSpeaker = new ActiveSpeaker();
  private volatile Participant[] participants = new Participant[0];
  private final Lobby lobby = new Lobby();

  /**
   * People let in whose media transport is still being opened, outside the node's lock: they count
   * toward the call's size and keep it from being forgotten. Guarded by the node's lock.
   */
  private int entering;

  /**
   * People whose page opened a media transport during their device check and who have not joined
   * yet ({@link Conferences#prepare}): not in the call, but they keep it from being forgotten, so
   * that their join finds the router their transport feeds. Guarded by the node's lock.
   */
  private final Set<Participant> prepared = new HashSet<>();

  Conference(String sessionId) {
    this.sessionId = sessionId;
  }

  public String sessionId() {
    return sessionId;
  }

  /** When the first participant entered: the call's start, reported when a host ends it. */
  Instant startedAt() {
    Instant started = startedAt;
    return started == null ? Instant.now() : started;
  }

  /** Who waits for a host to let them in. */
  Lobby lobby() {
    return lobby;
  }

  /** Nobody is in the call, entering it or waiting for it. */
  boolean isEmpty() {
    return participants.length == 0 && entering == 0 && lobby.size() == 0 && prepared.isEmpty();
  }

  /** Someone was let in and their transport is being opened (under the node's lock). */
  void entering() {
    entering++;
  }

  /** Someone who was {@link #entering} is in the call now, or failed to enter (node's lock). */
  void entered() {
    entering--;
  }

  /** Someone's transport is prepared for this call (under the node's lock). */
  void addPrepared(Participant participant) {
    prepared.add(participant);
  }

  /** Takes a prepared participant out (to join, or to close); false when it was not here. */
  boolean takePrepared(Participant participant) {
    return prepared.remove(participant);
  }

  /** How many transports are prepared and not joined yet (under the node's lock). */
  int preparedCount() {
    return prepared.size();
  }

  /** How many are {@link #entering} (under the node's lock). */
  int enteringCount() {
    return entering;
  }

  List<Participant> participants() {
    return List.of(participants);
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
   *
   * @param chatKept the clinic keeps the chat with the appointment (the newcomer's page says so)
   */
  synchronized void add(Participant newcomer, boolean chatKept) {
    Instant now = Instant.now();
    if (startedAt == null) {
      startedAt = now;
    }
    Participant[] current = participants;
    Duration elapsed = Duration.between(startedAt, now);
    newcomer.peer().send(Messages.joined(newcomer, Arrays.asList(current), elapsed, chatKept));
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
    router.keyframesForNewcomer();
    // One offer with everything already published: a late joiner sees everyone at once.
    newcomer.negotiate();
    // Then what its prepared transport settled goes to the others: its own offer goes first.
    newcomer.enterCall();
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

  /**
   * Sends {@code message} to everyone in the call but {@code except} (null: everyone), newcomers
   * included: under the lock {@link #add} holds from a newcomer's {@code joined} until it is in the
   * list, so what anyone says once the newcomer has its {@code joined} (a chat, a microphone muted)
   * reaches it too.
   */
  synchronized void broadcast(String message, Participant except) {
    forEach(
        p -> {
          if (p != except) {
            p.peer().send(message);
          }
        });
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
