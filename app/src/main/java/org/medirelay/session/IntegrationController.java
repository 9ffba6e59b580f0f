package org.medirelay.session;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.ops.OpenApiConfiguration;
import org.medirelay.problem.ApiException;
import org.medirelay.problem.BodyValidator;
import org.medirelay.token.ParticipantRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The integration API a clinic's existing backend calls (the seeds' video-call service): sessions
 * for the clinic's own appointment ids, and join URLs for its doctor and patient. Authenticated by
 * {@code X-Internal-Secret}, compared in constant time; without INTERNAL_SECRET configured the API
 * is off (503), never open and never on a default secret. The role a caller names must match the
 * session's doctor or patient: a role is never taken on trust.
 */
@RestController
@SecurityRequirement(name = OpenApiConfiguration.INTERNAL_SECRET)
class IntegrationController {

  private static final Logger LOG = LoggerFactory.getLogger(IntegrationController.class);
  private static final String ID = "[A-Za-z0-9_.@-]{1,128}";

  record CreateRequest(
      @NotBlank @Pattern(regexp = ID) String appointmentId,
      @NotBlank @Pattern(regexp = ID) String doctorId,
      @NotBlank @Pattern(regexp = ID) String patientId) {}

  record CreateResponse(String sessionId, String roomName, String mediaNodeId, String baseUrl)
      implements MediaNodeIdAlias {}

  /**
   * A guest (interpreter, family member, second clinician) needs a display name; the user id is the
   * clinic's. A session has at most MAX_GUESTS_PER_SESSION guests (409 beyond); a new link for a
   * guest already invited takes no new place.
   */
  record JoinRequest(
      @NotNull @Pattern(regexp = "(?i)doctor|patient|guest") String role,
      @NotBlank @Pattern(regexp = ID) String userId,
      @Size(max = 120) String displayName) {}

  record JoinResponse(String joinUrl, long expiresIn) {}

  private final SessionService sessions;
  private final Guests guests;
  private final IntegrationAuth integration;
  private final AuditLog audit;
  private final BodyValidator validator;

  IntegrationController(
      SessionService sessions,
      Guests guests,
      IntegrationAuth integration,
      AuditLog audit,
      BodyValidator validator) {
    this.sessions = sessions;
    this.guests = guests;
    this.integration = integration;
    this.audit = audit;
    this.validator = validator;
  }

  @PostMapping("/sessions")
  ResponseEntity<CreateResponse> create(
      @RequestHeader(name = "X-Internal-Secret", required = false) String presented,
      @RequestBody(required = false) CreateRequest body,
      HttpServletRequest request) {
    integration.authenticate(presented, request);
    CreateRequest valid = validator.valid(body);
    SessionService.Created created =
        sessions.forAppointment(
            true, valid.appointmentId(), valid.doctorId(), valid.patientId(), request);
    VideoSession session = created.session();
    if (!session.doctorId().equals(valid.doctorId())
        || !session.patientId().equals(valid.patientId())) {
      throw ApiException.conflict(
          "This appointment already has a session with another doctor or patient.");
    }
    String nodeId = sessions.mediaNodeOf(session).map(node -> node.id()).orElse(null);
    return ResponseEntity.status(created.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(
            new CreateResponse(
                session.id(), session.roomName(), nodeId, sessions.joinUrlBase(session.id())));
  }

  @PostMapping("/sessions/{sessionId}/join")
  JoinResponse join(
      @RequestHeader(name = "X-Internal-Secret", required = false) String presented,
      @PathVariable String sessionId,
      @RequestBody(required = false) JoinRequest body,
      HttpServletRequest request) {
    integration.authenticate(presented, request);
    JoinRequest valid = validator.valid(body);
    VideoSession session =
        sessions
            .find(sessionId)
            .orElseThrow(() -> ApiException.notFound("There is no session " + sessionId + "."));
    String role = valid.role().toLowerCase(Locale.ROOT);
    boolean doctor = role.equals("doctor");
    boolean named = valid.displayName() != null && !valid.displayName().isBlank();
    if (role.equals("guest")) {
      if (!named) {
        throw ApiException.badRequest(
            "A guest needs a displayName: the others see it on their screens.");
      }
      if (valid.userId().equals(session.doctorId()) || valid.userId().equals(session.patientId())) {
        throw ApiException.forbidden(
            "The session's doctor and patient join with their own role, not as guests.");
      }
      guests.invite(session, valid.userId(), valid.displayName().strip(), null);
      audit.record(AuditEventType.GUEST_INVITED, null, session.id(), request, valid.userId());
    } else if (!(doctor ? session.doctorId() : session.patientId()).equals(valid.userId())) {
      throw ApiException.forbidden("This user is not the session's " + role + ".");
    }
    String name = named ? valid.displayName().strip() : doctor ? "Doctor" : "Patient";
    JoinLink link =
        sessions.issueJoinLink(
            session,
            valid.userId(),
            name,
            doctor ? ParticipantRole.HOST : ParticipantRole.PARTICIPANT,
            request);
    return new JoinResponse(link.joinUrl(), link.expiresIn());
  }
}
