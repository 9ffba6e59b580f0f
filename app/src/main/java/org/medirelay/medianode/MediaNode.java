package org.medirelay.medianode;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A media node as its last heartbeat described it. Kept in MongoDB so every app instance places sessions on the same
 * view of the fleet. {@code participants} is the node's own count, plus what this app placed on it since.
 */
@Document("media_nodes")
public record MediaNode(
    @Id String id,
    String signalingUrl,
    String udpAddress,
    int capacity,
    int sessions,
    int participants,
    boolean draining,
    Instant lastHeartbeat,
    Instant registeredAt) {

  /** The share of capacity still free; placement prefers the node with the most. */
  double freeShare() {
    return capacity <= 0 ? 0 : (capacity - participants) / (double) capacity;
  }
}
