package org.medirelay.medianode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  public MediaNodeRegistry(MongoOperations mongo, Clock clock, MediaNodeSettings settings) {
    this.mongo = mongo;
    this.clock = clock;
    this.interval = settings.mediaNodeHeartbeatInterval();
  }

  public Duration heartbeatInterval() {
    return interval;
  }

  /**
   * What a heartbeat did: whether it registered the node, and the drain request the node must still
   * be told of (null: none).
   */
  record Heard(boolean registered, Boolean drainRequest) {}

  /** Registers the node on its first heartbeat and refreshes it on every later one. */
  Heard heartbeat(NodeHeartbeat beat) {
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
    RegisteredNode before =
        mongo.findAndModify(
            Query.query(Criteria.where("_id").is(beat.id())),
            update,
            FindAndModifyOptions.options().upsert(true).returnNew(false),
            RegisteredNode.class);
    if (before == null) {
      return new Heard(true, null);
    }
    Boolean request = before.drainRequest();
    if (request != null && request == Boolean.TRUE.equals(beat.draining())) {
      // Carried out: from now on the node's own drain control (its /drain endpoint) stands.
      mongo.updateFirst(
          Query.query(Criteria.where("_id").is(beat.id()).and("drainRequest").is(request)),
          new Update().unset("drainRequest"),
          RegisteredNode.class);
      request = null;
    }
    return new Heard(false, request);
  }

  /**
   * Asks a node to start or stop draining, in its next heartbeat reply; false when no node has this
   * id.
   */
  boolean requestDrain(String id, boolean drain) {
    return mongo
            .updateFirst(
                Query.query(Criteria.where("_id").is(id)),
                new Update().set("drainRequest", drain),
                RegisteredNode.class)
            .getMatchedCount()
        > 0;
  }

  public boolean isLive(RegisteredNode node) {
    return node.lastHeartbeat().isAfter(liveSince());
  }

  /** A node whose last heartbeat is younger than three intervals is live. */
  private Instant liveSince() {
    return clock.instant().minus(interval.multipliedBy(3));
  }

  /** The sessions with someone in the call, on any live node. */
  public Set<String> activeSessions() {
    Set<String> active = new HashSet<>();
    for (RegisteredNode node : live()) {
      active.addAll(node.activeSessions());
    }
    return active;
  }

  /** The live nodes, by id. */
  public List<RegisteredNode> live() {
    return mongo.find(
        Query.query(Criteria.where("lastHeartbeat").gt(liveSince())).with(Sort.by("_id")),
        RegisteredNode.class);
  }

  List<RegisteredNode> all() {
    return mongo.find(new Query().with(Sort.by("_id")), RegisteredNode.class);
  }

  /** The node with this id, live or not. */
  Optional<RegisteredNode> registered(String id) {
    return Optional.ofNullable(mongo.findById(id, RegisteredNode.class));
  }

  public Optional<RegisteredNode> find(String id) {
    return Optional.ofNullable(id)
        .map(nodeId -> mongo.findById(nodeId, RegisteredNode.class))
        .filter(this::isLive);
  }

  /**
   * Picks the node for a new session and counts the session on it at once, so a burst of sessions
   * between two heartbeats spreads over the fleet instead of piling onto the node that looked
   * emptiest.
   */
  public Optional<RegisteredNode> place() {
    Query candidates =
        Query.query(Criteria.where("lastHeartbeat").gt(liveSince()).and("draining").is(false));
    Optional<RegisteredNode> best =
        mongo.find(candidates, RegisteredNode.class).stream()
            .filter(node -> node.participants() < node.capacity())
            .max(
                Comparator.comparingDouble(RegisteredNode::freeShare)
                    .thenComparing(RegisteredNode::id, Comparator.reverseOrder()));
    best.ifPresent(
        node ->
            mongo.updateFirst(
                Query.query(Criteria.where("_id").is(node.id())),
                new Update().inc("participants", PARTICIPANTS_PER_NEW_SESSION).inc("sessions", 1),
                RegisteredNode.class));
    return best;
  }
}
