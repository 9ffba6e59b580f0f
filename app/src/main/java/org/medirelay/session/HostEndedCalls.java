package org.medirelay.session;

import java.time.Instant;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.appointment.CallTimes;
import org.medirelay.audit.AuditEventType;
import org.medirelay.audit.AuditLog;
import org.medirelay.medianode.CallEndings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes the consultation whose call its host ended for everyone. The word comes from the media
 * node, not from the host's page: the node is the one party that saw the {@code end} (and checked
 * the host's grant), it reports the call in a heartbeat sent at once and repeats it until the app
 * answers, so neither a closed tab nor an app restarting at that moment loses it; and since the
 * appointment is completed before that heartbeat's reply is written, the reply already withdraws
 * the session, and nobody can rejoin the ended call. A call that merely emptied is never reported.
 * Sessions of a clinic backend's appointments (integration API) are left alone: their appointments
 * live in the clinic's system.
 */
@Component
class HostEndedCalls implements CallEndings {

  private static final Logger LOG = LoggerFactory.getLogger(HostEndedCalls.class);

  private final SessionService sessions;
  private final AppointmentService appointments;
  private final AuditLog audit;

  HostEndedCalls(SessionService sessions, AppointmentService appointments, AuditLog audit) {
    this.sessions = sessions;
    this.appointments = appointments;
    this.audit = audit;
  }

  @Override
  public void ended(String sessionId, Instant startedAt, Instant endedAt, String nodeId) {
    VideoSession session = sessions.find(sessionId).orElse(null);
    if (session == null || !session.ofOwnAppointment()) {
      return;
    }
    if (endedAt.isBefore(startedAt)) {
      LOG.warn("media node {} reported session {} ending before it started", nodeId, sessionId);
      return;
    }
    CallTimes call = new CallTimes(startedAt, endedAt);
    if (appointments.completeByCall(session.appointmentId(), call)) {
      audit.record(
          AuditEventType.CALL_ENDED,
          session.doctorId(),
          session.appointmentId(),
          null,
          sessionId + " on " + nodeId + ", " + call.durationSeconds() + " s");
    }
  }
}
