package org.medirelay.media.conference;

/**
 * WebSocket close codes the node uses (4000–4999 are for applications, RFC 6455 section 7.4.2).
 * They live beside {@link SignalingPeer}: the conference closes a participant's connection with
 * them as the signaling handler does, and signaling depends on the conference, never the reverse.
 */
public final class CloseCodes {
  /** The client left, or the call ended normally. */
  public static final int NORMAL = 1000;

  /**
   * The browser answered no ping for the idle time (MEDIA_SIGNALING_IDLE_SECONDS): it vanished, or
   * is alive but stalled, in which case the page reconnects (as for any code but 1000 and 4xxx).
   */
  public static final int NO_ANSWER = 1001;

  /**
   * The connection ended on an error the node gave no reason for: the page reconnects. Netty would
   * otherwise send 1000, which a page takes for the end of the call.
   */
  public static final int SERVER_ERROR = 1011;

  /** A message the node cannot understand, or an unusable SDP answer. */
  public static final int BAD_MESSAGE = 4400;

  /** The join token was refused (expired, forged, other session…); the reason says why. */
  public static final int TOKEN_REFUSED = 4401;

  /** The token is valid but does not allow this (another node, no grants). */
  public static final int FORBIDDEN = 4403;

  /** A host declined to let the person in from the waiting room; the reason names the host. */
  public static final int DECLINED = 4406;

  /**
   * A host removed the person from the call; the reason names the host. Coming back, they wait
   * until a host lets them in again.
   */
  public static final int REMOVED = 4407;

  /** No join message arrived in time. */
  public static final int JOIN_TIMEOUT = 4408;

  /**
   * The same person joined the session again (another tab, or a browser back from a lost
   * connection).
   */
  public static final int REPLACED = 4409;

  /**
   * The app has withdrawn the join: the consultation has ended or been cancelled, or the person's
   * invitation was withdrawn (the reason says which). Closes a call in progress as well as a join.
   */
  public static final int GONE = 4410;

  /**
   * The call already has as many participants as the node lets one session have
   * (MEDIA_MAX_PARTICIPANTS_PER_SESSION), so one consultation cannot fill the node for the others.
   */
  public static final int CALL_FULL = 4429;

  /** The node is full or draining, or could not add the participant to the call. */
  public static final int UNAVAILABLE = 4503;

  /** ICE found no working path between the browser and the node (a network blocking UDP?). */
  public static final int ICE_FAILED = 4504;

  /** The DTLS handshake failed, so no SRTP keys: the media cannot be encrypted. */
  public static final int DTLS_FAILED = 4505;

  private CloseCodes() {}
}
