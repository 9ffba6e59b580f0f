package org.medirelay.session;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.medianode.MediaNodeRegistry;
import org.medirelay.medianode.RegisteredNode;
import org.medirelay.token.Grant;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokens;
import org.medirelay.token.ParticipantRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Creates video sessions (once per appointment), places them on media nodes and issues join tokens.
 */
@Service
public class SessionService {

  private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

  /** A session and whether this call created it. */
  public record Created(VideoSession session, boolean created) {}

  private final MongoOperations mongo;
  private final MediaNodeRegistry nodes;
  private final JoinTokenKeyRing keys;
  private final IceServers iceServers;
  private final AuditLog audit;
  private final JoinLinkSettings settings;
  private final Clock clock;
  private static final SecureRandom RANDOM = new SecureRandom();

  SessionService(
      MongoOperations mongo,
      MediaNodeRegistry nodes,
      JoinTokenKeyRing keys,
      IceServers iceServers,
      AuditLog audit,
      JoinLinkSettings settings,
      Clock clock) {
    this.mongo = mongo;
    this.nodes = nodes;
    this.keys = keys;
    this.iceServers = iceServers;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  /** The appointment's session, created and placed on a media node if it has none yet. */
  public Created forAppointment(
      boolean external,
      String appointmentId,
      String doctorId,
      String patientId,
      HttpServletRequest request) {
    String key = VideoSession.appointmentKey(external, appointmentId);
    Optional<VideoSession> existing = findByKey(key);
    if (existing.isPresent()) {
      return new Created(existing.get(), false);
    }
    String id = "sess_" + randomId(16);
    String nodeId = nodes.place().map(RegisteredNode::id).orElse(null);
    VideoSession session =
        new VideoSession(
            id, key, appointmentId, doctorId, patientId, "room_" + id, nodeId, clock.instant());
    try {
      mongo.insert(session);
    } catch (DuplicateKeyException raced) {
      // Another request created it between our read and our insert: theirs is the session.
      return new Created(findByKey(key).orElseThrow(), false);
    }
    audit.record(
        AuditEventType.SESSION_CREATED,
        null,
        key,
        request,
        id + (nodeId == null ? " (no media node)" : " on " + nodeId));
    return new Created(session, true);
  }

  /** The session of one of our own appointments, if it has one. */
  public Optional<VideoSession> ofAppointment(String appointmentId) {
    return findByKey(VideoSession.appointmentKey(false, appointmentId));
  }

  public Optional<VideoSession> find(String sessionId) {
    return Optional.ofNullable(mongo.findById(sessionId, VideoSession.class));
  }

  /**
   * The live media node the session is on; a session created while no node was live, whose node has
   * died, or whose node is draining while nobody is in the call there, is placed now.
   */
  public Optional<RegisteredNode> mediaNodeOf(VideoSession session) {
    return mediaNodeOf(session, null);
  }

  /**
   * As {@link #mediaNodeOf(VideoSession)}, for a page of the session that lost its connection to
   * node {@code lostNodeId} (null: none): if that is still the session's node, the app checks the
   * node itself, and moves the session only if it does not answer (see {@link
   * MediaNodeRegistry#hosting}). A report naming another node is stale (the session has moved
   * since) and changes nothing.
   */
  public Optional<RegisteredNode> mediaNodeOf(VideoSession session, String lostNodeId) {
    boolean reportedLost = lostNodeId != null && lostNodeId.equals(session.mediaNodeId());
    Optional<RegisteredNode> current = nodeKeeping(session, reportedLost);
    if (current.isPresent()) {
      return current;
    }
    nodes.place().ifPresent(node -> placeOn(session, node));
    // If another request placed it meanwhile, its choice stands.
    return find(session.id()).flatMap(placed -> nodeKeeping(placed, false));
  }

  /** Puts the session on {@code node}, unless another request has placed it since it was read. */
  private void placeOn(VideoSession session, RegisteredNode node) {
    VideoSession placed =
        mongo.findAndModify(
            Query.query(
                Criteria.where("_id")
                    .is(session.id())
                    .and("mediaNodeId")
                    .is(session.mediaNodeId())),
            new Update().set("mediaNodeId", node.id()),
            FindAndModifyOptions.options().returnNew(true),
            VideoSession.class);
    if (placed != null && session.mediaNodeId() != null) {
      LOG.info(
          "session {} moved from media node {} to {}",
          session.id(),
          session.mediaNodeId(),
          node.id());
    }
  }

  /**
   * The node a session is placed on, if that node still hosts it and keeps it (see {@link
   * RegisteredNode#keeps}).
   */
  private Optional<RegisteredNode> nodeKeeping(VideoSession session, boolean reportedLost) {
    return nodes
        .hosting(session.mediaNodeId(), reportedLost)
        .filter(node -> node.keeps(session.id()));
  }

  /** Issues a join token for one participant, with the role's grants, into a join URL. */
  public JoinLink issueJoinLink(
      VideoSession session,
      String userId,
      String displayName,
      ParticipantRole role,
      HttpServletRequest request) {
    return issueJoinLink(session, userId, displayName, role, role.defaultGrants(), request);
  }

  /** Issues a join token for one participant with {@code grants}, wrapped into a join URL. */
  JoinLink issueJoinLink(
      VideoSession session,
      String userId,
      String displayName,
      ParticipantRole role,
      Set<Grant> grants,
      HttpServletRequest request) {
    String nodeId = mediaNodeOf(session).map(RegisteredNode::id).orElse("");
    Instant now = clock.instant();
    Instant expires = now.plus(settings.joinTokenTtl());
    JoinTokenClaims claims =
        new JoinTokenClaims(
            settings.clientBaseUrl(),
            JoinTokens.AUDIENCE,
            userId,
            displayName,
            role,
            session.id(),
            nodeId,
            grants,
            now,
            now,
            expires,
            UUID.randomUUID().toString());
    String token = sign(claims);
    audit.record(
        AuditEventType.JOIN_TOKEN_ISSUED,
        userId,
        session.id(),
        request,
        "role=" + role.claimValue() + " jti=" + claims.tokenId());
    return new JoinLink(
        session.id(),
        nodeId.isEmpty() ? null : nodeId,
        joinUrlBase(session.id()) + "?token=" + token,
        settings.joinTokenTtl().toSeconds(),
        iceServers.forUser(userId));
  }

  /**
   * The token a verified join link's page hands to the media node: the link's own, or, when the
   * session has moved to another node since the link was issued (its node died or is draining), the
   * same grant re-issued for the new node, expiring when the link does. A link thus keeps working
   * wherever the session lives.
   */
  public String tokenForNode(JoinTokenClaims link, String linkToken, RegisteredNode node) {
    if (link.mediaNode().equals(node.id())) {
      return linkToken;
    }
    Instant now = clock.instant();
    return sign(
        new JoinTokenClaims(
            link.issuer(),
            link.audience(),
            link.userId(),
            link.displayName(),
            link.role(),
            link.sessionId(),
            node.id(),
            link.grants(),
            now,
            now,
            link.expiresAt(),
            UUID.randomUUID().toString()));
  }

  private String sign(JoinTokenClaims claims) {
    return JoinTokens.sign(claims, keys.privateKey(), keys.keyId());
  }

  public String joinUrlBase(String sessionId) {
    return settings.clientBaseUrl() + "/join/" + sessionId;
  }

  /**
   * Whether the call of another of this patient's appointments is in progress: its session has
   * someone in it on a live media node. Media nodes report which sessions have someone in them, not
   * who is there, so this is what the app knows of a patient being in a call.
   */
  public boolean patientInAnotherCall(String patientId, String appointmentId) {
    Set<String> active = nodes.activeSessions();
    if (active.isEmpty()) {
      return false;
    }
    Query others =
        Query.query(
            Criteria.where("patientId")
                .is(patientId)
                .and("appointmentKey")
                .ne(VideoSession.appointmentKey(false, appointmentId)));
    return mongo.find(others, VideoSession.class).stream()
        .anyMatch(session -> active.contains(session.id()));
  }

  private Optional<VideoSession> findByKey(String key) {
    return Optional.ofNullable(
        mongo.findOne(Query.query(Criteria.where("appointmentKey").is(key)), VideoSession.class));
  }

  /**
   * A guest's subject in join tokens and TURN credentials: a guest has no account, so a fresh
   * random id.
   */
  static String guestId() {
    return "guest_" + randomId(12);
  }

  private static String randomId(int randomBytes) {
    byte[] bytes = new byte[randomBytes];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
