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
import org.medirelay.heartbeat.NodeHeartbeat.Presence;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Media nodes register and report load by heartbeat; a node is live while its last heartbeat is
 * younger than MEDIA_NODE_HEARTBEAT_TIMEOUT and the app has not found it gone since. New sessions
 * go to the live, non-draining node with the largest free share of its capacity. Operators drain a
 * node on the node itself; its heartbeat says so, and this registry places nothing new there from
 * then on. A session leaves its node only when the app itself cannot reach the node ({@link
 * #hosting}).
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
  private final Duration timeout;
  private final NodeProbe probe;

  MediaNodeRegistry(
      MongoOperations mongo, Clock clock, MediaNodeSettings settings, NodeProbe probe) {
    this.mongo = mongo;
    this.clock = clock;
    this.interval = settings.mediaNodeHeartbeatInterval();
    this.timeout = settings.mediaNodeHeartbeatTimeout();
    this.probe = probe;
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
            .set("presence", beat.presence() == null ? List.of() : beat.presence())
            .set("lastHeartbeat", now)
            // It is back, or was never gone: the probe that missed it is overtaken.
            .unset("unreachableAt")
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
    return node.lastHeartbeat().isAfter(liveSince()) && node.unreachableAt() == null;
  }

  /** A node whose last heartbeat is younger than the timeout is live, unless found gone since. */
  private Instant liveSince() {
    return clock.instant().minus(timeout);
  }

  private Criteria liveNodes() {
    return Criteria.where("lastHeartbeat").gt(liveSince()).and("unreachableAt").is(null);
  }

  /** The sessions with someone in the call, on any live node. */
  public Set<String> activeSessions() {
    Set<String> active = new HashSet<>();
    for (RegisteredNode node : live()) {
      active.addAll(node.activeSessions());
    }
    return active;
  }

  /** Who is in a call or waiting for one, on any live node. */
  public List<Presence> presence() {
    return live().stream().flatMap(node -> node.presence().stream()).toList();
  }

  /** The live nodes, by id. */
  public List<RegisteredNode> live() {
    return mongo.find(Query.query(liveNodes()).with(Sort.by("_id")), RegisteredNode.class);
  }

  List<RegisteredNode> all() {
    return mongo.find(new Query().with(Sort.by("_id")), RegisteredNode.class);
  }

  /** The node with this id, live or not. */
  Optional<RegisteredNode> registered(String id) {
    return Optional.ofNullable(mongo.findById(id, RegisteredNode.class));
  }

  /**
   * The node a session placed on {@code id} may stay on; empty when the session must move. A node
   * is suspect when its heartbeats stopped, or when a page holding a valid link to one of its
   * sessions lost it ({@code reportedLost}); but a suspect node keeps its sessions for as long as
   * it answers the app's own probe, so neither a page nor a late heartbeat (a busy or restarting
   * app) can split a call over two nodes while the node is still there. One that does not answer is
   * marked gone, so nothing is placed on it until it heartbeats again.
   */
  public Optional<RegisteredNode> hosting(String id, boolean reportedLost) {
    Optional<RegisteredNode> node =
        Optional.ofNullable(id).map(nodeId -> mongo.findById(nodeId, RegisteredNode.class));
    if (node.isEmpty() || (isLive(node.get()) && !reportedLost) || probe.answers(node.get())) {
      return node;
    }
    mongo.updateFirst(
        Query.query(
            Criteria.where("_id").is(id).and("lastHeartbeat").is(node.get().lastHeartbeat())),
        new Update().set("unreachableAt", clock.instant()),
        RegisteredNode.class);
    return Optional.empty();
  }

  /**
   * Picks the node for a new session and counts the session on it at once, so a burst of sessions
   * between two heartbeats spreads over the fleet instead of piling onto the node that looked
   * emptiest.
   */
  public Optional<RegisteredNode> place() {
    Query candidates = Query.query(liveNodes().and("draining").is(false));
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
