package org.medirelay.media.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.Conferences;
import org.medirelay.media.conference.Participant;
import org.medirelay.media.conference.SignalingPeer;
import org.medirelay.ratelimit.TokenBucket;
import org.medirelay.token.Grant;

/**
 * What the waiting room (media-node/README.md, "Waiting room") means for one connection's messages.
 * A host's {@code admit} and {@code decline}: only a host's are taken, each names a waiting
 * participant, and they come at a person's pace; anything else ends the sender's connection and
 * changes nothing. A waiting person can only leave: nothing of theirs goes to the call, and their
 * browser has no transport to trickle candidates for yet.
 */
final class WaitingRoomRules {

  /** "Admit all" sends one message per waiting person: a burst of 20, then five a second. */
  private final TokenBucket limit = new TokenBucket(20, 5, System.nanoTime());

  private final Conferences conferences;
  private final SignalingPeer sender;

  WaitingRoomRules(Conferences conferences, SignalingPeer sender) {
    this.conferences = conferences;
    this.sender = sender;
  }

  void hostMessage(Participant self, JsonNode message, boolean admit) {
    JsonNode id = message.path("participantId");
    if (!self.may(Grant.ADMIT)) {
      sender.close(CloseCodes.FORBIDDEN, "Only the call's host can let people in.");
    } else if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > 64) {
      sender.close(
          CloseCodes.BAD_MESSAGE, "An admit or decline message names a waiting participant.");
    } else if (!limit.tryTake(1, System.nanoTime())) {
      sender.close(CloseCodes.BAD_MESSAGE, "Too many admissions.");
    } else if (admit) {
      conferences.admit(self, id.asText());
    } else {
      conferences.decline(self, id.asText());
    }
  }

  /**
   * A message from someone in the waiting room; {@code forParticipants}: one that acts in the call.
   */
  void whileWaiting(String type, boolean forParticipants) {
    if (type.equals("leave")) {
      sender.close(CloseCodes.NORMAL, "You left the waiting room.");
    } else if (type.equals("join")) {
      sender.close(CloseCodes.BAD_MESSAGE, "Already joined.");
    } else if (forParticipants) {
      sender.close(CloseCodes.FORBIDDEN, "You are in the waiting room until a host lets you in.");
    } else if (!type.equals("candidate")) {
      sender.close(CloseCodes.BAD_MESSAGE, "Unknown message type.");
    }
  }
}
