package org.medirelay.media.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.Moderation;
import org.medirelay.media.conference.Participant;
import org.medirelay.media.conference.SignalingPeer;
import org.medirelay.ratelimit.TokenBucket;
import org.medirelay.token.Grant;

/**
 * What host controls (media-node/README.md, "Host controls") mean for one connection's messages: a
 * {@code mute}, {@code ask-unmute} or {@code remove} is taken only from a host (the token's {@code
 * moderate} grant), names a participant, and comes at a person's pace; anything else ends the
 * sender's connection and changes nothing.
 */
final class ModerationRules {

  /** The message types it takes. */
  static final String MUTE = "mute";

  static final String ASK_UNMUTE = "ask-unmute";
  static final String REMOVE = "remove";

  /** A host's clicks: a burst of ten, then two a second. */
  private final TokenBucket limit = new TokenBucket(10, 2, System.nanoTime());

  /** Read when a host acts: the node's conferences make it once they exist. */
  private final Supplier<Moderation> moderation;

  private final SignalingPeer sender;

  ModerationRules(Supplier<Moderation> moderation, SignalingPeer sender) {
    this.moderation = moderation;
    this.sender = sender;
  }

  void hostMessage(Participant self, String type, JsonNode message) {
    JsonNode id = message.path("participantId");
    if (!self.may(Grant.MODERATE)) {
      sender.close(
          CloseCodes.FORBIDDEN, "Only the call's host can mute, remove or ask others to unmute.");
    } else if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > 64) {
      sender.close(CloseCodes.BAD_MESSAGE, "A " + type + " message names a participant.");
    } else if (!limit.tryTake(1, System.nanoTime())) {
      sender.close(CloseCodes.BAD_MESSAGE, "Too many host actions.");
    } else if (type.equals(MUTE)) {
      moderation.get().mute(self, id.asText());
    } else if (type.equals(ASK_UNMUTE)) {
      moderation.get().askToUnmute(self, id.asText());
    } else {
      moderation.get().remove(self, id.asText());
    }
  }
}
