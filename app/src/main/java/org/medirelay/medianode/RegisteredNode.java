package org.medirelay.medianode;

import java.time.Instant;
import java.util.List;
import org.medirelay.heartbeat.NodeHeartbeat.Presence;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A media node as the registry knows it: as its last heartbeat described it (the node's server
 * itself is media-node's {@code MediaNode}). Kept in MongoDB so every app instance places sessions
 * on the same view of the fleet. {@code participants} is the node's own count, plus what this app
 * placed on it since. {@code drainRequest} is an administrator's request to start (true) or stop
 * (false) draining, told to the node in heartbeat replies until its heartbeat reports that state;
 * null when there is none. {@code unreachableAt} is when the app's own probe last found the node
 * gone (see {@link MediaNodeRegistry#hosting}); its next heartbeat clears it. {@code presence} is
 * who its last heartbeat said is in each call or waiting for it.
 */
@Document("media_nodes")
public record RegisteredNode(
    @Id String id,
    String signalingUrl,
    String udpAddress,
    int capacity,
    int sessions,
    int participants,
    boolean draining,
    List<String> activeSessions,
    List<Presence> presence,
    Instant lastHeartbeat,
    Instant registeredAt,
    Boolean drainRequest,
    Instant unreachableAt) {

  public RegisteredNode {
    // A node stored before heartbeats carried the list has none.
    activeSessions = activeSessions == null ? List.of() : activeSessions;
    presence = presence == null ? List.of() : presence;
  }

  /**
   * Whether a session placed here may stay: always on a node in service; on a draining one only
   * while its call is in progress there, so a call is never split over two nodes and a session
   * nobody is in moves on.
   */
  public boolean keeps(String sessionId) {
    return !draining || activeSessions.contains(sessionId);
  }

  /** The share of capacity still free; placement prefers the node with the most. */
  double freeShare() {
    return capacity <= 0 ? 0 : (capacity - participants) / (double) capacity;
  }
}
