package org.medirelay.media.conference;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.heartbeat.NodeHeartbeat.EndedCall;
import org.medirelay.media.ops.ChatArchive;
import org.medirelay.media.ops.EndedCalls;
import org.medirelay.media.ops.NodeLoad;
import org.medirelay.media.ops.Withdrawals;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;

/**
 * All conferences on this node, by session id: where verified participants join, answer, trickle
 * and leave.
 */
public final class Conferences {

  private static final Logger LOG = Logger.getLogger(Conferences.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  // What the person's older connection is told when they join again elsewhere.
  static final String REPLACED_REASON = "You joined this call again from another window or device.";

  private final Map<String, Conference> bySession = new ConcurrentHashMap<>();
  private final MediaContext media;
  private final int maxPerSession;
  private final EndedCalls endedCalls;
  private final Chat chat;
  private final WaitingRoom waitingRoom;
  private final Moderation moderation;
  private final Census census = new Census(bySession);

  /**
   * @param maxPerSession the most participants one session may have here, whatever its links say:
   *     the node's capacity is shared by every consultation on it
   * @param endedCalls where calls a host ended for everyone go, for the app to hear of
   * @param chatArchive where chat goes when the clinic keeps it with the appointment
   */
  public Conferences(
      MediaContext media, int maxPerSession, EndedCalls endedCalls, ChatArchive chatArchive) {
    this.media = media;
    this.maxPerSession = maxPerSession;
    this.endedCalls = endedCalls;
    this.chat = new Chat(chatArchive);
    this.waitingRoom = new WaitingRoom(media.clock());
    this.moderation = new Moderation(waitingRoom.admissions(), this);
  }

  /**
   * Opens a media transport for someone whose page is on its device check, before they join: ICE
   * and DTLS are set up while they choose their camera, so that their join has only the call to
   * enter ({@link #join} takes the transport over; {@link #unprepare} closes it). The node offers
   * only their own uplink, publishes nothing they send and forwards them nothing before they join.
   */
  public Participant prepare(JoinTokenClaims claims, SignalingPeer peer)
      throws JoinRefusedException {
    Participant participant;
    Conference conference;
    synchronized (this) {
      conference = bySession.computeIfAbsent(claims.sessionId(), Conference::new);
      if (conference.preparedCount() >= maxPerSession) {
        forgetIfEmpty(conference);
        throw new JoinRefusedException(
            CloseCodes.CALL_FULL, "Too many people are getting ready to join this call.", null);
      }
      participant = participantOf(newId(), claims, conference, peer);
      conference.addPrepared(participant);
    }
    try {
      participant.openTransport();
    } catch (IOException | RuntimeException e) {
      unprepare(participant);
      throw new JoinRefusedException(
          CloseCodes.UNAVAILABLE, "The media node could not open a media transport.", e);
    }
    synchronized (conference) {
      participant.negotiate();
    }
    LOG.fine(() -> "participant " + participant.id() + " prepared for " + claims.sessionId());
    return participant;
  }

  /** Closes a prepared transport whose page went away before joining (nothing if it joined). */
  public void unprepare(Participant prepared) {
    boolean ours;
    synchronized (this) {
      Conference conference = prepared.conference();
      ours = conference.takePrepared(prepared);
      if (ours) {
        forgetIfEmpty(conference);
      }
    }
    if (ours) {
      prepared.close();
    }
  }

  /**
   * Takes in a verified participant: into the call at once ({@link SignalingPeer#entered}) with the
   * {@code admit} grant or when a host let them in earlier in this call, else into the waiting room
   * ({@link SignalingPeer#waiting}). The same person's earlier connection (reload, another tab) is
   * replaced, also in a full call, leaving the call first (nobody sees them twice, or frozen).
   *
   * @param prepared the transport this connection prepared with the same token ({@link #prepare}),
   *     taken over; null when it prepared none
   */
  public void join(JoinTokenClaims claims, SignalingPeer peer, Participant prepared)
      throws JoinRefusedException {
    List<Participant> replaced = new ArrayList<>();
    boolean waits;
    Waiter earlier;
    Conference conference;
    Participant ready;
    String id;
    synchronized (this) {
      waitingRoom.admissions().forgetStale();
      conference = bySession.computeIfAbsent(claims.sessionId(), Conference::new);
      conference.participants().stream()
          .filter(present -> present.userId().equals(claims.userId()))
          .forEach(replaced::add);
      earlier = conference.lobby().byUser(claims.userId());
      int others =
          conference.size()
              + conference.enteringCount()
              + conference.lobby().size()
              - replaced.size()
              - (earlier == null ? 0 : 1);
      if (others >= maxPerSession) {
        forgetIfEmpty(conference);
        throw new JoinRefusedException(
            CloseCodes.CALL_FULL,
            "This consultation already has "
                + maxPerSession
                + " participants, the most this media server allows.",
            null);
      }
      if (earlier != null) {
        waitingRoom.remove(conference, earlier.id());
      }
      ready =
          prepared != null
                  && prepared.conference() == conference
                  && conference.takePrepared(prepared)
              ? prepared
              : null;
      id = ready != null ? ready.id() : newId();
      waits = waitingRoom.mustWait(claims);
      if (waits) {
        waitingRoom.enter(id, claims, peer, conference, ready);
      } else {
        conference.entering();
      }
    }
    replaced.forEach(conference::remove);
    if (!waits) {
      enter(conference, id, claims, peer, ready);
    }
    replaced.forEach(old -> old.evict(CloseCodes.REPLACED, REPLACED_REASON));
    if (earlier != null) {
      earlier.discard();
      earlier.peer().close(CloseCodes.REPLACED, REPLACED_REASON);
    }
    String where =
        (waits ? " waits to join session " : " joined session ")
            + claims.sessionId()
            + (ready != null ? " on its prepared transport" : "");
    LOG.info(() -> "participant " + id + where);
    census.changed();
  }

  private Participant participantOf(
      String id, JoinTokenClaims claims, Conference conference, SignalingPeer peer) {
    return new Participant(
        id,
        claims.userId(),
        Waiter.displayName(claims),
        claims.role().claimValue(),
        claims.grants(),
        conference,
        peer,
        media);
  }

  /**
   * Adds a participant with a media transport to the call, for someone counted as {@link
   * Conference#entering}: the one their page prepared, else a new one. A new transport (an ICE
   * agent, DTLS) opens outside this lock, which every join, admission and leave of the node takes:
   * it takes milliseconds, and a hundred or more on a busy machine, which joins to other calls
   * would otherwise queue behind.
   */
  private void enter(
      Conference conference,
      String id,
      JoinTokenClaims claims,
      SignalingPeer peer,
      Participant prepared)
      throws JoinRefusedException {
    Participant participant =
        prepared != null ? prepared : participantOf(id, claims, conference, peer);
    try {
      if (prepared == null) {
        participant.openTransport();
      }
    } catch (IOException | RuntimeException e) {
      participant.close();
      synchronized (this) {
        conference.entered();
        forgetIfEmpty(conference);
      }
      throw new JoinRefusedException(
          CloseCodes.UNAVAILABLE, "The media node could not open a media transport.", e);
    }
    synchronized (this) {
      conference.entered();
      waitingRoom.admissions().occupied(conference.sessionId());
      peer.entered(participant);
      conference.add(participant, chat.kept());
      if (participant.may(Grant.ADMIT)) {
        participant.peer().send(Messages.lobby(conference.lobby().waiters()));
        waitingRoom.hostsChanged(conference);
      }
    }
  }

  /**
   * A host lets a waiting person into the call: they get a media transport and join as anyone does,
   * and enter straight away if they join again during this call. Nothing changes when {@code host}
   * lacks the {@code admit} grant; when nobody of that id waits, the host is told so.
   */
  public void admit(Participant host, String waiterId) {
    Waiter waiter;
    synchronized (this) {
      waiter = host.may(Grant.ADMIT) ? waitingRoom.take(host, waiterId) : null;
      if (waiter == null) {
        return;
      }
      waitingRoom.admissions().admit(waiter.conference().sessionId(), waiter.userId());
      waiter.conference().entering();
    }
    try {
      enter(waiter.conference(), waiter.id(), waiter.claims(), waiter.peer(), waiter.prepared());
    } catch (JoinRefusedException e) {
      LOG.log(Level.WARNING, "admitting " + waiterId + " failed", e.getCause());
      waiter.peer().close(e.code(), e.getMessage());
      return;
    }
    LOG.info(() -> "participant " + host.id() + " admitted " + waiterId);
    census.changed();
  }

  /**
   * A host declines to let a waiting person in ({@link CloseCodes#DECLINED}); as {@link #admit}.
   */
  public void decline(Participant host, String waiterId) {
    Waiter waiter;
    synchronized (this) {
      waiter = host.may(Grant.ADMIT) ? waitingRoom.take(host, waiterId) : null;
    }
    if (waiter != null) {
      waiter.discard();
      WaitingRoom.decline(host, waiter);
      LOG.info(() -> "participant " + host.id() + " declined " + waiterId);
      census.changed();
    }
  }

  /** What hosts do to the others in their call: mute, ask to unmute, remove. */
  public Moderation moderation() {
    return moderation;
  }

  /**
   * A waiting person's connection closed: they leave the waiting room, and the hosts hear of it.
   */
  public void leaveLobby(Waiter waiter) {
    boolean waited;
    synchronized (this) {
      Conference conference = waiter.conference();
      waited = waitingRoom.remove(conference, waiter.id()) != null;
      forgetIfEmpty(conference);
    }
    if (waited) {
      waiter.discard();
    }
    LOG.info(() -> "participant " + waiter.id() + " left the waiting room");
    census.changed();
  }

  /** Drops a conference nobody is in or waiting for (under this lock); admissions stay a while. */
  private void forgetIfEmpty(Conference conference) {
    if (conference.isEmpty()) {
      bySession.remove(conference.sessionId(), conference);
      waitingRoom.admissions().emptied(conference.sessionId());
    }
  }

  /** Chat in this node's calls. */
  public Chat chat() {
    return chat;
  }

  /**
   * Ends the call for everyone in it, on the word of a participant whose token has the {@code end}
   * grant (the host): each connection closes normally with a reason naming who ended it. The app
   * hears of it through {@link EndedCalls} and completes the consultation, which withdraws its
   * links; a call that merely empties is not ended.
   *
   * @return false, ending nothing, when the participant's token has no {@code end} grant
   */
  public boolean endForAll(Participant host) {
    if (!host.may(Grant.END)) {
      return false;
    }
    String reason = host.displayName() + " ended the call.";
    Conference conference = host.conference();
    endedCalls.add(new EndedCall(conference.sessionId(), conference.startedAt(), Instant.now()));
    synchronized (this) {
      waitingRoom.admissions().forget(conference.sessionId());
    }
    conference.forEach(p -> p.evict(CloseCodes.NORMAL, reason));
    conference.lobby().waiters().forEach(w -> w.peer().close(CloseCodes.NORMAL, reason));
    LOG.info(
        () ->
            "participant "
                + host.id()
                + " ended session "
                + host.conference().sessionId()
                + " for everyone");
    return true;
  }

  /**
   * Closes the connections the app has withdrawn: everyone in a session that has ended, and the
   * participants whose invitation was withdrawn.
   */
  public void closeWithdrawn(Withdrawals withdrawals) {
    for (Conference conference : bySession.values()) {
      conference.forEach(
          p ->
              withdrawals
                  .refusal(conference.sessionId(), p.userId())
                  .ifPresent(reason -> p.evict(CloseCodes.GONE, reason)));
      for (Waiter waiter : conference.lobby().waiters()) {
        withdrawals
            .refusal(conference.sessionId(), waiter.userId())
            .ifPresent(reason -> waiter.peer().close(CloseCodes.GONE, reason));
      }
    }
  }

  public void leave(Participant participant) {
    participant.close();
    Conference conference = participant.conference();
    conference.remove(participant);
    synchronized (this) {
      if (participant.may(Grant.ADMIT)) {
        waitingRoom.hostsChanged(conference);
      }
      forgetIfEmpty(conference);
    }
    LOG.info(
        () ->
            "participant "
                + participant.id()
                + " left session "
                + participant.conference().sessionId());
    census.changed();
    LOG.fine(
        () ->
            "participant " + participant.id() + " received:\n" + participant.describeReceivePath());
  }

  /** What the node tells of its calls: to the app's heartbeat, its metrics and its join gate. */
  public NodeLoad load() {
    return census;
  }

  /** Every call on the node now, for the work done on a timer ({@link ConferenceTicks}). */
  Iterable<Conference> all() {
    return bySession.values();
  }

  private static String newId() {
    return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
  }
}
