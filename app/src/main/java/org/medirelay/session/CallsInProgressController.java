package org.medirelay.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medirelay.appointment.Appointment;
import org.medirelay.appointment.AppointmentService;
import org.medirelay.medianode.MediaNodeRegistry;
import org.medirelay.medianode.RegisteredNode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' list of calls in progress: every session with someone in it on a live media
 * node, with its consultation when it is one of ours (administrators only, {@code /api/admin/**} in
 * SecurityConfiguration).
 */
@RestController
class CallsInProgressController {

  /**
   * A call in progress; {@code appointmentId}, the names and {@code start} are null for a session
   * the app does not know, and the names for a clinic backend's ({@code external}).
   */
  record ActiveCall(
      String sessionId,
      String mediaNodeId,
      boolean external,
      String appointmentId,
      String doctorName,
      String patientName,
      Instant appointmentStart) {}

  private final MediaNodeRegistry nodes;
  private final SessionService sessions;
  private final AppointmentService appointments;

  CallsInProgressController(
      MediaNodeRegistry nodes, SessionService sessions, AppointmentService appointments) {
    this.nodes = nodes;
    this.sessions = sessions;
    this.appointments = appointments;
  }

  @GetMapping("/api/admin/calls")
  List<ActiveCall> calls() {
    List<ActiveCall> calls = new ArrayList<>();
    for (RegisteredNode node : nodes.live()) {
      for (String sessionId : node.activeSessions()) {
        calls.add(describe(sessionId, node.id()));
      }
    }
    return calls;
  }

  private ActiveCall describe(String sessionId, String nodeId) {
    Optional<VideoSession> session = sessions.find(sessionId);
    if (session.isEmpty()) {
      return new ActiveCall(sessionId, nodeId, false, null, null, null, null);
    }
    VideoSession s = session.get();
    Optional<Appointment> appointment =
        s.ofOwnAppointment() ? appointments.find(s.appointmentId()) : Optional.empty();
    return new ActiveCall(
        sessionId,
        nodeId,
        !s.ofOwnAppointment(),
        s.appointmentId(),
        appointment.map(Appointment::doctorName).orElse(null),
        appointment.map(Appointment::patientName).orElse(null),
        appointment.map(Appointment::start).orElse(null));
  }
}
