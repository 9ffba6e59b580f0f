package org.medirelay.turn.control;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.allocation.ClientLink;
import org.medirelay.turn.auth.AuthResult;
import org.medirelay.turn.auth.Authenticator;
import org.medirelay.turn.auth.ChallengeLimiter;
import org.medirelay.turn.auth.NonceService;
import org.medirelay.turn.log.ThrottledLog;
import org.medirelay.turn.stun.AttributeType;
import org.medirelay.turn.stun.ErrorCodeAttribute;
import org.medirelay.turn.stun.IntegrityAlgorithm;
import org.medirelay.turn.stun.NonceAttribute;
import org.medirelay.turn.stun.PasswordAlgorithmsAttribute;
import org.medirelay.turn.stun.RealmAttribute;
import org.medirelay.turn.stun.StunAttribute;
import org.medirelay.turn.stun.StunDecoder;
import org.medirelay.turn.stun.StunEncoder;
import org.medirelay.turn.stun.StunFormatException;
import org.medirelay.turn.stun.StunHeader;
import org.medirelay.turn.stun.StunMessage;
import org.medirelay.turn.stun.StunMessageType;
import org.medirelay.turn.stun.UnknownAttributesAttribute;
import org.medirelay.turn.stun.UsernameAttribute;
import org.medirelay.turn.stun.XorAddressAttribute;

/**
 * The control path for STUN requests, as a short pipeline: decode (malformed → 400 or drop) →
 * Binding is answered at once → TURN methods authenticate (401/438 limited per source address and
 * port, 400) → unknown comprehension-required attributes (420) → credentials match the allocation
 * (441) → a live allocation for all but Allocate (437) → the method handler → encode, signed with
 * the requester's key and algorithm, with FINGERPRINT when the request had one. No SOFTWARE
 * attribute is sent.
 */
public final class StunRequestProcessor {

  private static final Logger LOG = Logger.getLogger(StunRequestProcessor.class.getName());

  private final AllocationLifecycle lifecycle;
  private final Authenticator authenticator;
  private final ChallengeLimiter unauthorizedLimiter;
  private final AllocateHandler allocate;
  private final RefreshHandler refresh;
  private final CreatePermissionHandler createPermission;
  private final ChannelBindHandler channelBind;
  private final ThrottledLog log;

  public StunRequestProcessor(
      AllocationLifecycle lifecycle,
      Authenticator authenticator,
      ChallengeLimiter unauthorizedLimiter) {
    this.lifecycle = lifecycle;
    this.authenticator = authenticator;
    this.unauthorizedLimiter = unauthorizedLimiter;
    this.allocate = new AllocateHandler(lifecycle);
    this.refresh = new RefreshHandler(lifecycle);
    this.createPermission = new CreatePermissionHandler(lifecycle);
    this.channelBind = new ChannelBindHandler(lifecycle);
    this.log = new ThrottledLog(LOG, lifecycle.config.clock());
  }

  /**
   * Handles the STUN message in {@code buf[offset, offset+length)} from {@code link}. A bug that
   * throws while handling it is answered 500 and logged (with its stack, once per interval) instead
   * of leaving the client without an answer and the loop's log full of stack traces.
   */
  public void process(ByteBuffer buf, int offset, int length, ClientLink link) {
    try {
      handle(buf, offset, length, link);
    } catch (RuntimeException e) {
      log.log(
          Level.SEVERE,
          "bug",
          () ->
              "request from "
                  + ThrottledLog.address(link.remoteAddress())
                  + " failed; answered 500 Server Error",
          e);
      answerHeader(buf, offset, length, link, ErrorCodeAttribute.SERVER_ERROR);
    }
  }

  private void handle(ByteBuffer buf, int offset, int length, ClientLink link) {
    StunMessage request;
    try {
      request = StunDecoder.decode(buf, offset, length);
    } catch (StunFormatException e) {
      lifecycle.metrics.malformedPackets.increment();
      LOG.fine(() -> "malformed STUN from " + link.remoteAddress() + ": " + e.getMessage());
      if (!e.dropSilently()) {
        answerHeader(buf, offset, length, link, ErrorCodeAttribute.BAD_REQUEST);
      }
      return;
    }
    if (!request.isRequest()) {
      lifecycle.metrics.droppedPackets.increment();
      return;
    }
    boolean fingerprint = request.get(AttributeType.FINGERPRINT).isPresent();
    int method = request.method();
    if (method == StunMessageType.BINDING) {
      Reply reply =
          request.unknownComprehensionRequired().isEmpty()
              ? Reply.success(
                  XorAddressAttribute.of(AttributeType.XOR_MAPPED_ADDRESS, link.remoteAddress()))
              : unknownAttributes(request);
      send(link, request, reply, null, null, fingerprint);
      return;
    }
    if (method != StunMessageType.ALLOCATE
        && method != StunMessageType.REFRESH
        && method != StunMessageType.CREATE_PERMISSION
        && method != StunMessageType.CHANNEL_BIND) {
      send(link, request, Reply.error(ErrorCodeAttribute.BAD_REQUEST), null, null, fingerprint);
      return;
    }
    Instant now = Instant.ofEpochMilli(lifecycle.now());
    InetSocketAddress source = link.remoteAddress();
    AuthResult auth = authenticator.authenticate(request, source.getAddress(), now);
    if (auth instanceof AuthResult.Rejected rejected) {
      reject(link, request, rejected, now, fingerprint);
      return;
    }
    AuthResult.Authenticated user = (AuthResult.Authenticated) auth;
    if (!request.unknownComprehensionRequired().isEmpty()) {
      send(link, request, unknownAttributes(request), user.algorithm(), user.key(), fingerprint);
      return;
    }
    Allocation existing = link.allocation();
    if (method == StunMessageType.ALLOCATE && existing != null) {
      byte[] cached = existing.allocateResponseFor(request.transactionId());
      if (cached != null) {
        link.send(ByteBuffer.wrap(cached));
        return;
      }
    }
    if (existing != null
        && method != StunMessageType.ALLOCATE
        && !existing.username().equals(user.username())) {
      send(
          link,
          request,
          Reply.error(ErrorCodeAttribute.WRONG_CREDENTIALS),
          user.algorithm(),
          user.key(),
          fingerprint);
      return;
    }
    Reply reply =
        method == StunMessageType.ALLOCATE
            ? allocate.handle(request, link, user.username())
            : handleOnAllocation(request, existing);
    byte[] response = send(link, request, reply, user.algorithm(), user.key(), fingerprint);
    if (method == StunMessageType.ALLOCATE && reply.isSuccess() && link.allocation() != null) {
      link.allocation().rememberAllocateResponse(request.transactionId(), response);
    }
  }

  /**
   * Refresh, CreatePermission and ChannelBind act on the allocation of the request's 5-tuple;
   * without a live one they fail with 437 (Allocation Mismatch) before their handler runs.
   */
  private Reply handleOnAllocation(StunMessage request, Allocation allocation) {
    if (allocation == null || !allocation.isLive(lifecycle.now())) {
      return Reply.error(ErrorCodeAttribute.ALLOCATION_MISMATCH);
    }
    return switch (request.method()) {
      case StunMessageType.REFRESH -> refresh.handle(request, allocation);
      case StunMessageType.CREATE_PERMISSION -> createPermission.handle(request, allocation);
      default -> channelBind.handle(request, allocation);
    };
  }

  private void reject(
      ClientLink link, StunMessage request, AuthResult.Rejected rejected, Instant now, boolean fp) {
    boolean signed = request.integrityAlgorithm() != null;
    if (signed) {
      lifecycle.metrics.authFailures.increment();
    }
    if (rejected.errorCode() == ErrorCodeAttribute.BAD_REQUEST) {
      logRefusal(link, request, rejected, true);
      send(link, request, new Reply(400, rejected.reason(), List.of()), null, null, fp);
      return;
    }
    boolean answer = unauthorizedLimiter.tryAcquire(link.remoteAddress(), lifecycle.now());
    if (signed && rejected.errorCode() == ErrorCodeAttribute.UNAUTHORIZED) {
      logRefusal(link, request, rejected, answer);
    }
    if (!answer) {
      lifecycle.metrics.unauthorizedDropped.increment();
      return;
    }
    String nonce = authenticator.newNonce(link.remoteAddress().getAddress(), now);
    List<StunAttribute> challenge = new ArrayList<>();
    challenge.add(new RealmAttribute(authenticator.realm()));
    challenge.add(new NonceAttribute(nonce));
    if (NonceService.announcesPasswordAlgorithms(nonce)) {
      challenge.add(PasswordAlgorithmsAttribute.of(Authenticator.OFFERED));
    }
    send(
        link,
        request,
        new Reply(rejected.errorCode(), rejected.reason(), challenge),
        null,
        null,
        fp);
  }

  /** One line an operator can act on, at most one per interval: who, as whom, why, what we did. */
  private void logRefusal(
      ClientLink link, StunMessage request, AuthResult.Rejected rejected, boolean answered) {
    log.log(
        Level.INFO,
        "auth",
        () ->
            "authentication failed from "
                + ThrottledLog.address(link.remoteAddress())
                + request
                    .get(UsernameAttribute.class)
                    .map(u -> " as '" + ThrottledLog.printable(u.value()) + "'")
                    .orElse("")
                + ": "
                + rejected.reason()
                + (answered
                    ? " (answered " + rejected.errorCode() + ")"
                    : " (not answered: the source is over its share of 401 answers)"));
  }

  private static Reply unknownAttributes(StunMessage request) {
    return Reply.error(
        ErrorCodeAttribute.UNKNOWN_ATTRIBUTE,
        new UnknownAttributesAttribute(request.unknownComprehensionRequired()));
  }

  private byte[] send(
      ClientLink link,
      StunMessage request,
      Reply reply,
      IntegrityAlgorithm algorithm,
      byte[] key,
      boolean fingerprint) {
    int type =
        reply.isSuccess()
            ? StunMessageType.of(request.method(), StunMessageType.SUCCESS)
            : StunMessageType.of(request.method(), StunMessageType.ERROR);
    return send(link, type, request.transactionId(), reply, algorithm, key, fingerprint);
  }

  private byte[] send(
      ClientLink link,
      int type,
      byte[] transactionId,
      Reply reply,
      IntegrityAlgorithm algorithm,
      byte[] key,
      boolean fingerprint) {
    byte[] bytes =
        StunEncoder.encode(
            StunMessage.of(type, transactionId, reply.encodedAttributes()),
            algorithm,
            key,
            fingerprint);
    link.send(ByteBuffer.wrap(bytes));
    return bytes;
  }

  /** Answers {@code code} to a request known only by its header, if it has a request's header. */
  private void answerHeader(ByteBuffer buf, int offset, int length, ClientLink link, int code) {
    if (isRequestHeader(buf, offset, length)) {
      byte[] transactionId = new byte[12];
      buf.get(offset + 8, transactionId);
      int type = errorType(StunHeader.messageType(buf, offset));
      send(link, type, transactionId, Reply.error(code), null, null, false);
    }
  }

  private static boolean isRequestHeader(ByteBuffer buf, int offset, int length) {
    return StunHeader.looksLikeStun(buf, offset, length)
        && StunMessageType.messageClass(StunHeader.messageType(buf, offset))
            == StunMessageType.REQUEST;
  }

  private static int errorType(int requestType) {
    return StunMessageType.of(StunMessageType.method(requestType), StunMessageType.ERROR);
  }
}
