package org.medirelay.media.conference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.medirelay.token.Grant;

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
    Devices devices = p.devices().now();
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

  /**
   * @param callElapsed how long the call has run (since its first participant entered): the page's
   *     timer counts from the call's start, the same for everyone, whatever each machine's clock
   *     says
   */
  static String joined(
      Participant self, Iterable<Participant> others, Duration callElapsed, boolean chatKept) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "joined");
    message.put("callElapsedMs", callElapsed.toMillis());
    message.set("self", participant(self));
    message.put("mayEndForAll", self.may(Grant.END));
    message.put("mayAdmit", self.may(Grant.ADMIT));
    message.put("mayModerate", self.may(Grant.MODERATE));
    message.put("acceptsVideoSize", true);
    message.put("acceptsAudioOnly", true);
    message.put("chatKept", chatKept);
    var list = message.putArray("participants");
    others.forEach(other -> list.add(participant(other)));
    return message.toString();
  }

  /**
   * To a person in the waiting room: who they are, and the hosts in the call who can let them in.
   */
  static String waiting(Waiter self, List<String> hosts) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "waiting");
    message.set("self", waiter(self));
    var names = message.putArray("hosts");
    hosts.forEach(names::add);
    return message.toString();
  }

  /** To hosts: everyone waiting, in the order they arrived. */
  static String lobby(List<Waiter> waiters) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", "lobby");
    var list = message.putArray("waiting");
    // removed: a host removed them earlier in this call; the page does not let them in by itself.
    waiters.forEach(
        w -> list.add(waiter(w).put("since", w.since().toString()).put("removed", w.removed())));
    return message.toString();
  }

  /** To a host whose admit or decline named nobody waiting (they may have left meanwhile). */
  static String admissionRefused(String participantId, String reason) {
    return refused("admission-refused", participantId, reason);
  }

  /** To someone a host muted: their page turns the microphone off and says who did. */
  static String mutedByHost(Participant host) {
    return fromHost("muted-by-host", host);
  }

  /** To someone a host asks to unmute: their page asks them, and they decide. */
  static String unmuteRequested(Participant host) {
    return fromHost("unmute-requested", host);
  }

  private static String fromHost(String type, Participant host) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", type);
    message.put("by", host.displayName());
    return message.toString();
  }

  /** To a host whose mute, remove or ask-unmute named nobody else in the call. */
  static String moderationRefused(String participantId, String reason) {
    return refused("moderation-refused", participantId, reason);
  }

  private static String refused(String type, String participantId, String reason) {
    ObjectNode message = JSON.createObjectNode();
    message.put("type", type);
    message.put("participantId", participantId);
    message.put("reason", reason);
    return message.toString();
  }

  private static ObjectNode waiter(Waiter w) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", w.id());
    // The account, the same on every node: a host's page re-admits at once whom it let in before a
    // failover to another node, which knows nothing of the first one's admissions.
    node.put("userId", w.userId());
    node.put("displayName", w.displayName());
    node.put("role", w.role());
    return node;
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
