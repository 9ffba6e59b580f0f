package org.medirelay.media.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import org.medirelay.media.conference.CloseCodes;
import org.medirelay.media.conference.Participant;
import org.medirelay.media.conference.SignalingPeer;
import org.medirelay.ratelimit.TokenBucket;

/**
 * What a participant's own media choices mean for one connection's messages (media-node/README.md,
 * "Signaling protocol"): {@code devices} (microphone, camera, screen on or off), {@code video-size}
 * (how large the page shows someone's video) and {@code audio-only}. Each is checked and comes at a
 * person's pace; a malformed or too frequent one ends the sender's connection and changes nothing.
 */
final class MediaChoiceRules {

  /**
   * Microphone and camera switches come from a person's clicks: a burst of ten, then two a second.
   */
  private final TokenBucket devicesLimit = new TokenBucket(10, 2, System.nanoTime());

  /** A page lays out all its tiles at once, then again when the window or the call changes. */
  private final TokenBucket videoSizeLimit = new TokenBucket(30, 10, System.nanoTime());

  /** Larger than any screen: a tile size beyond it is a mistake, not a display. */
  private static final int MAX_TILE_PIXELS = 16_384;

  private final SignalingPeer sender;

  MediaChoiceRules(SignalingPeer sender) {
    this.sender = sender;
  }

  /**
   * Tells the others whether this person's microphone and camera are on and whether their video is
   * a shared screen, so their pages can say so (and show a screen whole).
   */
  void devices(Participant self, JsonNode message) {
    JsonNode screen = message.path("screen");
    if (!message.path("audio").isBoolean()
        || !message.path("video").isBoolean()
        || !(screen.isMissingNode() || screen.isBoolean())) {
      sender.close(
          CloseCodes.BAD_MESSAGE,
          "A devices message says true or false for audio and video (and screen).");
    } else if (!devicesLimit.tryTake(1, System.nanoTime())) {
      sender.close(CloseCodes.BAD_MESSAGE, "Too many microphone and camera changes.");
    } else {
      self.setDevices(
          message.path("audio").booleanValue(),
          message.path("video").booleanValue(),
          screen.asBoolean(false));
    }
  }

  /**
   * How large the page shows another participant's video (device pixels), so the node sends no
   * simulcast layer much larger than that.
   */
  void videoSize(Participant self, JsonNode message) {
    String publisherId = message.path("participantId").asText("");
    if (!message.path("participantId").isTextual()
        || publisherId.isEmpty()
        || publisherId.length() > 64
        || !isTileSize(message.path("width"))
        || !isTileSize(message.path("height"))) {
      sender.close(
          CloseCodes.BAD_MESSAGE,
          "A video-size message names a participant and gives a width and height in pixels (0 to "
              + MAX_TILE_PIXELS
              + ").");
    } else if (!videoSizeLimit.tryTake(1, System.nanoTime())) {
      sender.close(CloseCodes.BAD_MESSAGE, "Too many video size changes.");
    } else {
      self.showsVideoOf(publisherId, message.path("height").intValue());
    }
  }

  /** The person wants no video from the others (audio only), or wants it again. */
  void audioOnly(Participant self, JsonNode message) {
    if (!message.path("enabled").isBoolean()) {
      sender.close(CloseCodes.BAD_MESSAGE, "An audio-only message says true or false for enabled.");
    } else if (!devicesLimit.tryTake(1, System.nanoTime())) {
      sender.close(CloseCodes.BAD_MESSAGE, "Too many microphone and camera changes.");
    } else {
      self.setAudioOnly(message.path("enabled").booleanValue());
    }
  }

  private static boolean isTileSize(JsonNode value) {
    return value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= MAX_TILE_PIXELS;
  }
}
