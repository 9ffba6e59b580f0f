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
import org.medirelay.media.ops.EndedCalls;
import org.medirelay.media.ops.NodeLoad;
import org.medirelay.media.ops.Withdrawals;
import org.medirelay.media.router.Consumer;
import org.medirelay.media.sdp.SdpAnswer;
import org.medirelay.media.sdp.SdpAnswer.InvalidAnswerException;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;

/**
 * All conferences on this node, by session id: where verified participants join, answer, trickle
 * and leave.
 */
public final class Conferences implements NodeLoad {

  private static final Logger LOG = Logger.getLogger(Conferences.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Conference> bySession = new ConcurrentHashMap<>();
  private final MediaContext media;
  private final int maxPerSession;
  private final EndedCalls endedCalls;

  /**
   * @param maxPerSession the most participants one session may have here, whatever its links say:
   *     the node's capacity is shared by every consultation on it
   * @param endedCalls where calls a host ended for everyone go, for the app to hear of
   */
  public Conferences(MediaContext media, int maxPerSession, EndedCalls endedCalls) {
    this.media = media;
    this.maxPerSession = maxPerSession;
    this.endedCalls = endedCalls;
  }

  /**
   * Thrown when a participant cannot join: the close code to end the connection with, and a message
   * fit for the person.
   */
  public static final class JoinRefusedException extends Exception {
    private final int code;

    JoinRefusedException(int code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /**
   * Adds a participant whose token was verified; grants decide whether it gets an uplink and
   * downlinks. A person already in the session (a browser that lost its connection and came back,
   * another tab) is replaced: the others would otherwise see a frozen copy until the old connection
   * times out. That also lets a person back into a full call. The count is checked under the lock
   * that adds, so a burst of joins cannot overshoot it.
   */
  public Participant join(JoinTokenClaims claims, SignalingPeer peer) throws JoinRefusedException {
    Conference conference;
    Participant participant;
    List<Participant> replaced = new ArrayList<>();
    synchronized (this) {
      conference = bySession.computeIfAbsent(claims.sessionId(), id -> new Conference(id));
      conference.forEach(
          present -> {
            if (present.userId().equals(claims.userId())) {
              replaced.add(present);
            }
          });
      if (conference.size() - replaced.size() >= maxPerSession) {
        throw new JoinRefusedException(
            CloseCodes.CALL_FULL,
            "This consultation already has "
                + maxPerSession
                + " participants, the most this media server allows.",
            null);
      }
      participant =
          new Participant(
              newId(),
              claims.userId(),
              claims.displayName().isBlank() ? "Guest" : claims.displayName(),
              claims.role().claimValue(),
              claims.allows(Grant.PUBLISH),
              claims.allows(Grant.SUBSCRIBE),
              claims.allows(Grant.END),
              conference,
              peer,
              media);
      try {
        participant.openTransport();
      } catch (IOException | RuntimeException e) {
        participant.close();
        throw new JoinRefusedException(
            CloseCodes.UNAVAILABLE, "The media node could not open a media transport.", e);
      }
      conference.add(participant);
    }
    replaced.forEach(
        old ->
            old.evict(
                CloseCodes.REPLACED, "You joined this call again from another window or device."));
    LOG.info(() -> "participant " + participant.id() + " joined session " + claims.sessionId());
    return participant;
  }

  public void answer(Participant participant, long version, String sdp)
      throws InvalidAnswerException {
    SdpAnswer answer = SdpAnswer.parse(sdp);
    Conference conference = participant.conference();
    List<Consumer> newlyReceived;
    synchronized (conference) {
      newlyReceived = participant.applyAnswer(version, answer);
    }
    if (participant.hasKeys()) {
      newlyReceived.forEach(Consumer::requestKeyframe);
    }
  }

  /**
   * Passes a text message to everyone in the participant's session, the sender included (so every
   * screen shows the same conversation in the same order). The node keeps no copy: chat lasts as
   * long as the call.
   */
  public void chat(Participant participant, String text) {
    String message = Messages.chat(participant, text, System.currentTimeMillis());
    participant.conference().forEach(p -> p.peer().send(message));
  }

  /**
   * Records a participant's microphone, camera and screen-share state and tells the others in the
   * call.
   */
  public void devices(Participant participant, boolean audio, boolean video, boolean screen) {
    if (participant.setDevices(new Devices(audio, video, screen))) {
      String message = Messages.devices(participant);
      participant
          .conference()
          .forEach(
              p -> {
                if (p != participant) {
                  p.peer().send(message);
                }
              });
    }
  }

  /**
   * A participant's page shows {@code publisherId}'s video {@code height} device pixels high: the
   * consumers feeding it send no layer much higher (an unknown participant changes nothing).
   */
  public void videoSize(Participant participant, String publisherId, int height) {
    LinkAdaptation adaptation = participant.adaptation();
    if (adaptation != null) {
      adaptation.showsVideoOf(publisherId, height);
    }
  }

  /** The participant's page asks for no video from the others (true), or for it again. */
  public void audioOnly(Participant participant, boolean enabled) {
    LinkAdaptation adaptation = participant.adaptation();
    if (adaptation != null) {
      adaptation.setAudioOnly(enabled);
    }
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
    if (!host.mayEndForAll()) {
      return false;
    }
    String reason = host.displayName() + " ended the call.";
    Conference conference = host.conference();
    endedCalls.add(new EndedCall(conference.sessionId(), conference.startedAt(), Instant.now()));
    conference.forEach(p -> p.evict(CloseCodes.NORMAL, reason));
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
    }
  }

  public void candidate(Participant participant, String candidate) {
    participant.addRemoteCandidate(candidate);
  }

  public void leave(Participant participant) {
    participant.close();
    Conference conference = participant.conference();
    conference.remove(participant);
    synchronized (this) {
      if (conference.size() == 0) {
        bySession.remove(conference.sessionId(), conference);
      }
    }
    LOG.info(
        () ->
            "participant "
                + participant.id()
                + " left session "
                + participant.conference().sessionId());
    LOG.fine(
        () ->
            "participant " + participant.id() + " received:\n" + participant.describeReceivePath());
  }

  /** Sends every publisher its receiver report; called once a second. */
  public void sendReceiverReports() {
    long now = media.clock().nanos();
    for (Conference conference : bySession.values()) {
      conference.forEach(
          p -> {
            try {
              p.sendReceiverReport(now);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "receiver report for " + p.id() + " failed", e);
            }
          });
    }
  }

  /** Judges who speaks in every conference; called every {@code ActiveSpeaker.WINDOW}. */
  public void updateActiveSpeakers() {
    for (Conference conference : bySession.values()) {
      try {
        conference.updateActiveSpeaker();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "active speaker of " + conference.sessionId() + " failed", e);
      }
    }
  }

  /**
   * Fits what each participant receives to its link (when the node adapts): a few times a second,
   * after the active speaker, whose video is served first.
   */
  public void allocateLayers(long nowNanos) {
    for (Conference conference : bySession.values()) {
      String speaker = conference.activeSpeaker().current();
      conference.forEach(
          participant -> {
            LinkAdaptation adaptation = participant.adaptation();
            if (adaptation == null) {
              return;
            }
            try {
              adaptation.allocate(speaker, nowNanos);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "layers for " + participant.id() + " failed", e);
            }
          });
    }
  }

  @Override
  public boolean hosts(String sessionId) {
    return bySession.containsKey(sessionId);
  }

  @Override
  public List<String> sessionIds() {
    return List.copyOf(bySession.keySet());
  }

  @Override
  public int sessionCount() {
    return bySession.size();
  }

  @Override
  public int participantCount() {
    int total = 0;
    for (Conference conference : bySession.values()) {
      total += conference.size();
    }
    return total;
  }

  private static String newId() {
    return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
  }
}
