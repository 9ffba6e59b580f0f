package org.medirelay.media.conference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON messages the node sends on the signaling WebSocket (media-node/README.md, "Signaling
 * protocol").
 */
final class Messages {

  static final ObjectMapper JSON = new ObjectMapper();

  private Messages() {}

  static ObjectNode participant(Participant p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", p.id());
    node.put("displayName", p.displayName());
    node.put("role", p.role());
    putDevices(node, p);
    return node;
  }

  /**
   * Whether the participant's microphone and camera are on, and whether their video is a shared
   * screen.
   */
  private static void putDevices(ObjectNode node, Participant p) {
    Devices devices = p.devices();
    node.put("audio", devices.audio());
    node.put("video", devices.video());
    node.put("screen", devices.screen());
  }

  static String devices(Participant p) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "participant-devices");
    message.put("participantId", p.id());
    putDevices(message, p);
    return message.toString();
  }

  static String joined(Participant self, Iterable<Participant> others) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "joined");
    message.set("self", participant(self));
    message.put("mayEndForAll", self.mayEndForAll());
    message.put("acceptsVideoSize", true);
    message.put("acceptsAudioOnly", true);
    var list = message.putArray("participants");
    others.forEach(other -> list.add(participant(other)));
    return message.toString();
  }

  static String participantJoined(Participant p) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "participant-joined");
    message.set("participant", participant(p));
    return message.toString();
  }

  static String participantLeft(Participant p) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "participant-left");
    message.put("participantId", p.id());
    return message.toString();
  }

  static String videoPaused(String participantId, boolean paused) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "video-paused");
    message.put("participantId", participantId);
    message.put("paused", paused);
    return message.toString();
  }

  static String activeSpeaker(String participantId) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "active-speaker");
    message.put("participantId", participantId);
    return message.toString();
  }

  static String offer(String sdp, long version, Map<String, String> uplink) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "offer");
    message.put("sdp", sdp);
    message.put("version", version);
    ObjectNode mids = message.putObject("uplink");
    uplink.forEach(mids::put);
    return message.toString();
  }

  static String chat(Participant from, String text, long sentAtMillis) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "chat");
    message.set("from", participant(from));
    message.put("text", text);
    message.put("at", Instant.ofEpochMilli(sentAtMillis).toString());
    return message.toString();
  }

  static String state(String state) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "media-state");
    message.put("state", state);
    return message.toString();
  }
}
