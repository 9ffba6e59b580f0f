package org.medirelay.media.conference;

import java.util.List;
import java.util.logging.Logger;
import org.medirelay.token.Grant;

/**
 * What a host (a participant whose token has the {@code moderate} grant) may do to the others in
 * the call: mute them, ask them to unmute, remove them (media-node/README.md, "Host controls").
 *
 * <ul>
 *   <li>Mute: their microphone counts as off for everyone and the node forwards none of their audio
 *       ({@link DeviceState}); their page is told ({@code muted-by-host}) and turns the microphone
 *       off. Only they can turn it on again.
 *   <li>Ask to unmute: their page asks them ({@code unmute-requested}); nothing changes unless they
 *       accept there. Nobody is ever unmuted from afar.
 *   <li>Remove: their connection closes with {@link CloseCodes#REMOVED} and a reason naming the
 *       host, and the session's {@link Admissions} remember it: coming back, with this link or
 *       another, they wait in the waiting room until a host lets them in again.
 * </ul>
 *
 * Without the grant, nothing changes; naming nobody in the call, the host is told ({@code
 * moderation-refused}).
 */
public final class Moderation {

  private static final Logger LOG = Logger.getLogger(Moderation.class.getName());

  private final Admissions admissions;

  /** The lock {@link Admissions} is used under: the {@link Conferences}'. */
  private final Object admissionsLock;

  Moderation(Admissions admissions, Object admissionsLock) {
    this.admissions = admissions;
    this.admissionsLock = admissionsLock;
  }

  public void mute(Participant host, String participantId) {
    Participant target = target(host, participantId, false);
    if (target == null) {
      return;
    }
    Conference conference = target.conference();
    synchronized (conference) {
      if (target.devices().muteByHost()) {
        conference.broadcast(Messages.devices(target), target);
      }
    }
    target.peer().send(Messages.mutedByHost(host));
    LOG.info(() -> "participant " + host.id() + " muted " + participantId);
  }

  public void askToUnmute(Participant host, String participantId) {
    Participant target = target(host, participantId, false);
    if (target != null) {
      target.peer().send(Messages.unmuteRequested(host));
    }
  }

  public void remove(Participant host, String participantId) {
    Participant target = target(host, participantId, true);
    if (target == null) {
      return;
    }
    synchronized (admissionsLock) {
      admissions.remove(target.conference().sessionId(), target.userId());
    }
    target.evict(CloseCodes.REMOVED, host.displayName() + " removed you from the call.");
    LOG.info(() -> "participant " + host.id() + " removed " + participantId);
  }

  /**
   * The participant of {@code id} in the host's call, or null (the host told why) when there is
   * none, or it is the host themselves and {@code notSelf}; null, telling nothing, without the
   * grant.
   */
  private static Participant target(Participant host, String id, boolean notSelf) {
    if (!host.may(Grant.MODERATE)) {
      return null;
    }
    if (notSelf && host.id().equals(id)) {
      host.peer().send(Messages.moderationRefused(id, "To leave the call, use Leave."));
      return null;
    }
    // Under the lock Conference.add holds from a newcomer's participant-joined until it is in the
    // list: a host acting on someone the moment their page shows them finds them.
    List<Participant> inCall;
    synchronized (host.conference()) {
      inCall = host.conference().participants();
    }
    for (Participant p : inCall) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    host.peer().send(Messages.moderationRefused(id, "That person is no longer in the call."));
    return null;
  }
}
