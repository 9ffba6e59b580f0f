package org.medirelay.medianode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.medirelay.config.MediRelaySettings;
import org.medirelay.heartbeat.NodeHeartbeat;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Media nodes register and report load by heartbeat; a node is live while its last heartbeat is
 * younger than three intervals. New sessions go to the live, non-draining node with the largest
 * free share of its capacity. Operators drain a node on the node itself; its heartbeat says so, and
 * this registry places nothing new there from then on.
 */
@Service
public class MediaNodeRegistry {

  /**
   * Participants a new two-person consult adds, counted until the node's next heartbeat reports the
   * truth.
   */
  static final int PARTICIPANTS_PER_NEW_SESSION = 2;

  private final MongoOperations mongo;
  private final Clock clock;
  private final Duration interval;

  public MediaNodeRegistry(MongoOperations mongo, Clock clock, MediRelaySettings settings) {
    this.mongo = mongo;
    this.clock = clock;
    this.interval = settings.getMediaNodeHeartbeatInterval();
  }

  public Duration heartbeatInterval() {
    return interval;
  }

  /** Registers the node on its first heartbeat and refreshes it on every later one. */
  boolean heartbeat(NodeHeartbeat beat) {
    Instant now = clock.instant();
    Update update =
        new Update()
            .set("signalingUrl", beat.signalingUrl())
            .set("udpAddress", beat.udpAddress())
            .set("capacity", beat.capacity())
            .set("sessions", beat.sessions())
            .set("participants", beat.participants())
            .set("draining", Boolean.TRUE.equals(beat.draining()))
            .set(
                "activeSessions", beat.activeSessions() == null ? List.of() : beat.activeSessions())
            .set("lastHeartbeat", now)
            .setOnInsert("registeredAt", now);
    MediaNode before =
        mongo.findAndModify(
            Query.query(Criteria.where("_id").is(beat.id())),
            update,
            FindAndModifyOptions.options().upsert(true).returnNew(false),
            MediaNode.class);
    return before == null;
  }

  public boolean isLive(MediaNode node) {
    return node.lastHeartbeat().isAfter(liveSince());
  }

  /** A node whose last heartbeat is younger than three intervals is live. */
  private Instant liveSince() {
    return clock.instant().minus(interval.multipliedBy(3));
  }

  /** The sessions with someone in the call, on any live node. */
  public Set<String> activeSessions() {
    Set<String> active = new HashSet<>();
    for (MediaNode node :
        mongo.find(Query.query(Criteria.where("lastHeartbeat").gt(liveSince())), MediaNode.class)) {
      active.addAll(node.activeSessions());
    }
    return active;
  }

  List<MediaNode> all() {
    return mongo.find(new Query().with(Sort.by("_id")), MediaNode.class);
  }

  public Optional<MediaNode> find(String id) {
    return Optional.ofNullable(id)
        .map(nodeId -> mongo.findById(nodeId, MediaNode.class))
        .filter(this::isLive);
  }

  /**
   * Picks the node for a new session and counts the session on it at once, so a burst of sessions
   * between two heartbeats spreads over the fleet instead of piling onto the node that looked
   * emptiest.
   */
  public Optional<MediaNode> place() {
    Query candidates =
        Query.query(Criteria.where("lastHeartbeat").gt(liveSince()).and("draining").is(false));
    Optional<MediaNode> best =
        mongo.find(candidates, MediaNode.class).stream()
            .filter(node -> node.participants() < node.capacity())
            .max(
                Comparator.comparingDouble(MediaNode::freeShare)
                    .thenComparing(MediaNode::id, Comparator.reverseOrder()));
    best.ifPresent(
        node ->
            mongo.updateFirst(
                Query.query(Criteria.where("_id").is(node.id())),
                new Update().inc("participants", PARTICIPANTS_PER_NEW_SESSION).inc("sessions", 1),
                MediaNode.class));
    return best;
  }
}
