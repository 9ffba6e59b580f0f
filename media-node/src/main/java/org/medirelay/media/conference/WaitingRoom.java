package org.medirelay.media.conference;

import java.util.List;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;

/**
 * The node's waiting rooms, one {@link Lobby} per conference: who must wait, and who hears of it.
 * Whoever's token lacks the {@code admit} grant waits until a host (a participant with the grant)
 * lets them in or declines, unless their token says a host let them in beforehand (the {@code
 * enter} grant) or a host let them in earlier in the same call ({@link Admissions}); whoever a host
 * removed from the call waits too, whatever their token grants. Waiters are told who the hosts in
 * the call are whenever that changes; hosts get the whole waiting list whenever it changes, and
 * when they join. Used under the {@link Conferences} lock.
 */
final class WaitingRoom {

  private final Admissions admissions;

  WaitingRoom(NanoClock clock) {
    this.admissions = new Admissions(clock);
  }

  Admissions admissions() {
    return admissions;
  }

  /** Whether this person waits: without the admit or enter grant and not let in yet, or removed. */
  boolean mustWait(JoinTokenClaims claims) {
    String session = claims.sessionId();
    return admissions.removed(session, claims.userId())
        || !claims.allows(Grant.ADMIT)
            && !claims.allows(Grant.ENTER)
            && !admissions.admitted(session, claims.userId());
  }

  /**
   * Puts a person in {@code conference}'s lobby and tells them and the hosts; {@code prepared} is
   * the media transport their page prepared (null: none), which they keep while they wait.
   */
  void enter(
      String id,
      JoinTokenClaims claims,
      SignalingPeer peer,
      Conference conference,
      Participant prepared) {
    boolean removed = admissions.removed(claims.sessionId(), claims.userId());
    Waiter waiter = new Waiter(id, claims, peer, conference, removed, prepared);
    conference.lobby().add(waiter);
    waiter.peer().waiting(waiter);
    waiter.peer().send(Messages.waiting(waiter, hostNames(conference)));
    tellHosts(conference);
  }

  /**
   * Takes the waiter with {@code id} out of {@code host}'s lobby; when nobody of that id waits
   * (they may have left meanwhile), tells the host so ({@code admission-refused}) and returns null.
   */
  Waiter take(Participant host, String id) {
    Waiter waiter = remove(host.conference(), id);
    if (waiter == null) {
      host.peer().send(Messages.admissionRefused(id, "That person is no longer waiting."));
    }
    return waiter;
  }

  /** Takes the waiter with {@code id} out of the lobby; null when nobody of that id waits. */
  Waiter remove(Conference conference, String id) {
    Waiter waiter = conference.lobby().remove(id);
    if (waiter != null) {
      tellHosts(conference);
    }
    return waiter;
  }

  /** Closes a declined waiter's connection with a reason naming the host. */
  static void decline(Participant host, Waiter waiter) {
    waiter
        .peer()
        .close(CloseCodes.DECLINED, host.displayName() + " did not let you into the call.");
  }

  /** Sends every host in the conference the waiting list. */
  void tellHosts(Conference conference) {
    String message = Messages.lobby(conference.lobby().waiters());
    conference.forEach(
        p -> {
          if (p.may(Grant.ADMIT)) {
            p.peer().send(message);
          }
        });
  }

  /** A host joined or left: every waiter hears who can let them in now. */
  void hostsChanged(Conference conference) {
    List<String> hosts = hostNames(conference);
    for (Waiter waiter : conference.lobby().waiters()) {
      waiter.peer().send(Messages.waiting(waiter, hosts));
    }
  }

  private static List<String> hostNames(Conference conference) {
    return conference.participants().stream()
        .filter(p -> p.may(Grant.ADMIT))
        .map(Participant::displayName)
        .toList();
  }
}
