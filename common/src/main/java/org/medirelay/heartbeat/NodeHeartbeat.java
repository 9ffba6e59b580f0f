package org.medirelay.heartbeat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * The body a media node POSTs to the app's {@code /api/media-nodes/heartbeat}
 * (media-node/README.md, "Registration"): the node serializes it, the app validates and reads it,
 * so its component names are the JSON field names. {@code activeSessions} names the sessions with
 * participants on the node: while it drains, those stay and every other session is placed
 * elsewhere. {@code endedCalls} lists the calls a host ended for everyone ({@code end}) that the
 * app has not yet acknowledged (by answering 200): the node reports each until then, so an ended
 * call reaches the app even across its restarts, and the app treats a repeat as a no-op. {@code
 * presence} says who is on the node for each session, in the call or in its waiting room, so the
 * app can tell an appointment's doctor and patient whether the other side is there; the node sends
 * a heartbeat as soon as it changes, so the app learns of it within that request, not an interval
 * later. {@code chat} carries the chat messages of calls on the node while the app's answer says
 * the clinic keeps chat ({@link HeartbeatReply#keepChat}), each reported until the app acknowledges
 * it (a repeat has the same {@code id}, and the app keeps it once).
 *
 * <p>The numbers are boxed so that a body missing one fails validation instead of reading as zero;
 * a missing {@code draining} means false.
 */
public record NodeHeartbeat(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String id,
    @NotBlank @Pattern(regexp = "wss?://[^\\s]{1,500}") String signalingUrl,
    @NotBlank @Pattern(regexp = "[^\\s]{1,200}:[0-9]{1,5}") String udpAddress,
    @NotNull @Min(1) @Max(1_000_000) Integer capacity,
    @NotNull @Min(0) @Max(1_000_000) Integer sessions,
    @NotNull @Min(0) @Max(1_000_000) Integer participants,
    Boolean draining,
    @Size(max = 100_000) List<@NotBlank @Pattern(regexp = SESSION_ID) String> activeSessions,
    @Size(max = 10_000) List<@NotNull @Valid EndedCall> endedCalls,
    @Size(max = 1_000_000) List<@NotNull @Valid Presence> presence,
    @Size(max = MAX_CHAT_LINES) List<@NotNull @Valid ChatLine> chat) {

  /** The most chat messages one heartbeat carries; more wait for the next. */
  public static final int MAX_CHAT_LINES = 500;

  /** The longest chat message, in characters: what the node accepts from a page. */
  public static final int MAX_CHAT_CHARACTERS = 2000;

  /** The longest display name a chat message carries, in characters. */
  public static final int MAX_DISPLAY_NAME = 200;

  private static final String SESSION_ID = "[A-Za-z0-9_.@-]{1,200}";

  /**
   * One chat message said in a call, as the node relayed it. A node from before this field sends
   * none.
   *
   * @param id the node's unique id for it
   * @param userId the sender's join token subject
   * @param displayName the name the others saw
   * @param at when the node relayed it
   */
  public record ChatLine(
      @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String id,
      @NotBlank @Pattern(regexp = SESSION_ID) String sessionId,
      @NotBlank @Size(max = 200) String userId,
      @NotNull @Size(max = MAX_DISPLAY_NAME) String displayName,
      @NotNull Instant at,
      @NotBlank @Size(max = MAX_CHAT_CHARACTERS) String text) {}

  /**
   * Someone connected to the node for a session. A node from before this field sends none.
   *
   * @param userId their join token's subject (an account id, or a guest's id)
   * @param waiting true while they wait for a host to let them into the call
   */
  public record Presence(
      @NotBlank @Pattern(regexp = SESSION_ID) String sessionId,
      @NotBlank @Size(max = 200) String userId,
      boolean waiting) {}

  /**
   * A call a host ended for everyone.
   *
   * @param startedAt when its first participant joined on this node
   * @param endedAt when the host ended it
   */
  public record EndedCall(
      @NotBlank @Pattern(regexp = SESSION_ID) String sessionId,
      @NotNull Instant startedAt,
      @NotNull Instant endedAt) {}
}
