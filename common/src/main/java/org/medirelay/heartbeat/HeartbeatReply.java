package org.medirelay.heartbeat;

import java.util.List;

/**
 * The app's answer to a {@link NodeHeartbeat} (media-node/README.md, "Registration"): the app
 * writes it, the node reads it, so its component names are the JSON field names. Besides the pace
 * of heartbeats it carries what the node must no longer admit, since a join token stays valid until
 * it expires: sessions whose consultation has ended or been cancelled, and participants whose
 * invitation was withdrawn. Each answer holds the whole current list (everything withdrawn while a
 * token issued before could still be valid), so a node that missed answers catches up with the
 * next.
 *
 * @param heartbeatIntervalSeconds when to send the next heartbeat
 * @param endedSessions ids of sessions nobody may join any more: the node closes their calls
 * @param revokedParticipants participants who may no longer join their session: the node closes
 *     their connections
 * @param drain an administrator's request from the app's console to start (true) or stop (false)
 *     draining, sent until the node's heartbeat reports that state; null when there is none, and
 *     the node's own drain state (its {@code /drain} endpoint) stands
 * @param keepChat the clinic keeps each consult's chat with its appointment: the node reports chat
 *     messages from now on (null, from an app before this field, or false: it keeps none)
 */
public record HeartbeatReply(
    long heartbeatIntervalSeconds,
    List<String> endedSessions,
    List<RevokedParticipant> revokedParticipants,
    Boolean drain,
    Boolean keepChat) {

  /** One participant withdrawn from one session; {@code userId} is their join token's subject. */
  public record RevokedParticipant(String sessionId, String userId) {}

  public HeartbeatReply {
    // An app from before these lists answers without them.
    endedSessions = endedSessions == null ? List.of() : List.copyOf(endedSessions);
    revokedParticipants =
        revokedParticipants == null ? List.of() : List.copyOf(revokedParticipants);
  }
}
