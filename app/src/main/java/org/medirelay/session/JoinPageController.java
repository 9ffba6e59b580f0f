package org.medirelay.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.appointment.AppointmentStatus;
import org.medirelay.medianode.RegisteredNode;
import org.medirelay.token.InvalidJoinTokenException;
import org.medirelay.token.JoinTokenClaims;
import org.medirelay.token.JoinTokenVerifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /join/{sessionId}?token=…}: the page a patient or doctor opens from their link. The
 * token is verified here with the app's own key, issuer, audience, expiry and session (a token for
 * one session never opens another); a refused link gets a 401 page saying why. A valid one gets the
 * call page shell, which the browser client ({@code /call/call.js}) brings to life with the
 * signaling URL of the session's media node.
 *
 * <p>Both pages are Thymeleaf templates ({@code templates/join.html}, {@code join-refused.html}):
 * the engine escapes each value once, for where it lands (an attribute, text, a script's JSON), and
 * never reads a value as template, so a display name like {@code "><script>} or one that looks like
 * a placeholder stays text.
 */
@RestController
class JoinPageController {

  /**
   * Tolerated clock difference: the page is served by the clock that issued the token, so little is
   * needed.
   */
  private static final Duration SKEW = Duration.ofSeconds(30);

  private static final String NO_MEDIA_NODE =
      "No media node is available right now. Please try again in a minute.";

  /** ICE servers as plain lists and maps, which the template's JSON serializer writes as such. */
  private static final TypeReference<List<Map<String, Object>>> JSON_LIST =
      new TypeReference<>() {};

  private final ITemplateEngine templates;
  private final JoinTokenVerifier verifier;
  private final SessionService sessions;
  private final IceServers iceServers;
  private final JsonMapper json;
  private final AppointmentService appointments;
  private final Guests guests;

  JoinPageController(
      JoinTokenKeyRing keys,
      JoinLinkSettings settings,
      Clock clock,
      SessionService sessions,
      IceServers iceServers,
      JsonMapper json,
      AppointmentService appointments,
      Guests guests,
      ITemplateEngine templates) {
    this.appointments = appointments;
    this.guests = guests;
    this.templates = templates;
    this.verifier = new JoinTokenVerifier(keys, settings.clientBaseUrl(), clock, SKEW);
    this.sessions = sessions;
    this.iceServers = iceServers;
    this.json = json;
  }

  /**
   * {@code unreachable}: the page's report, when it reloads this page to reconnect, of the media
   * node it lost; the session moves only if the app cannot reach that node either.
   */
  @GetMapping("/join/{sessionId}")
  ResponseEntity<String> join(
      @PathVariable String sessionId,
      @RequestParam(required = false) String token,
      @RequestParam(required = false) String unreachable) {
    JoinTokenClaims claims;
    try {
      claims = verifier.verify(token, sessionId);
    } catch (InvalidJoinTokenException e) {
      return html(HttpStatus.UNAUTHORIZED, refused(e.reason().name(), e.reason().userMessage()));
    }
    Optional<VideoSession> session = sessions.find(sessionId);
    if (session.isEmpty()) {
      return html(
          HttpStatus.NOT_FOUND, refused("UNKNOWN_SESSION", "This consultation no longer exists."));
    }
    // A link stays valid until its token expires; the consultation itself may have been cancelled
    // or ended since.
    if (session.get().ofOwnAppointment()
        && !appointments
            .statusOf(session.get().appointmentId())
            .map(AppointmentStatus::videoOpen)
            .orElse(false)) {
      return html(
          HttpStatus.GONE,
          refused("APPOINTMENT_CLOSED", "This consultation has been cancelled or has ended."));
    }
    if (guests.isRevoked(sessionId, claims.userId())) {
      return html(
          HttpStatus.GONE,
          refused(
              "INVITATION_WITHDRAWN", "Your invitation to this consultation has been withdrawn."));
    }
    // Only now, with a valid link to this session, is the page's report of a lost node heard.
    Optional<RegisteredNode> node = sessions.mediaNodeOf(session.get(), unreachable);
    String nodeToken = node.map(n -> sessions.tokenForNode(claims, token, n)).orElse("");
    List<Map<String, Object>> ice =
        json.convertValue(iceServers.forUser(claims.userId()), JSON_LIST);
    return html(
        HttpStatus.OK,
        render(
            "join",
            Map.of(
                "sessionId",
                sessionId,
                "signalingUrl",
                node.map(RegisteredNode::signalingUrl).orElse(""),
                "mediaNode",
                node.map(RegisteredNode::id).orElse(""),
                "displayName",
                claims.displayName(),
                "role",
                claims.role().claimValue(),
                "joinToken",
                nodeToken,
                "dashboardUrl",
                dashboardOf(session.get(), claims),
                "notice",
                node.isPresent() ? "" : NO_MEDIA_NODE,
                "iceServers",
                ice)));
  }

  /**
   * Where the link's holder finds their appointments after the call: the dashboard for the
   * appointment's own doctor and patient; nothing for a guest or a clinic backend's participant,
   * who have no account here.
   */
  private static String dashboardOf(VideoSession session, JoinTokenClaims claims) {
    boolean own =
        claims.userId().equals(session.doctorId()) || claims.userId().equals(session.patientId());
    return session.ofOwnAppointment() && own ? "/" : "";
  }

  private String refused(String code, String reason) {
    return render("join-refused", Map.of("code", code, "reason", reason));
  }

  private String render(String template, Map<String, Object> values) {
    return templates.process(template, new Context(Locale.ENGLISH, values));
  }

  private static ResponseEntity<String> html(HttpStatus status, String body) {
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .cacheControl(CacheControl.noStore())
        // The token is in this page's URL: never send it onwards in a Referer header.
        .header("Referrer-Policy", "no-referrer")
        .header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; "
                + "img-src 'self' data: blob:; media-src 'self' blob:; frame-ancestors 'none'")
        .body(body);
  }
}
