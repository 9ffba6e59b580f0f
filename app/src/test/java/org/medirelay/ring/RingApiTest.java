package org.medirelay.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.medirelay.testkit.AppEvents;
import org.medirelay.token.Grant;
import tools.jackson.databind.JsonNode;

/**
 * Ringing through the running server: a doctor rings the patient of a confirmed appointment, the
 * patient accepts or declines, the doctor cancels, the ring times out (RING_TIMEOUT is a few
 * seconds here) or finds the patient busy; both sides hear it on their event streams. Every refusal
 * is a problem document, and every step is audited.
 */
class RingApiTest extends AppTest {

  @Test
  void thePatientAcceptsAndBothStreamsHearIt() throws Exception {
    Consult consult = consult();
    Account doctor = consult.doctor();
    Account patient = consult.patient();
    String appointment = consult.appointment();
    try (AppEvents doctorEvents = new AppEvents(api, doctor.token());
        AppEvents patientEvents = new AppEvents(api, patient.token())) {
      JsonNode ring = ring(appointment, doctor).expect(201);
      String id = ring.get("id").asString();
      assertThat(ring.get("state").asString()).isEqualTo("ringing");
      assertThat(ring.get("appointmentId").asString()).isEqualTo(appointment);

      JsonNode rung = patientEvents.about("call:request", id).data();
      assertThat(rung.get("doctorName").asString()).startsWith("doctor ");
      assertThat(rung.get("patientId").asString()).isEqualTo(patient.id());
      doctorEvents.about("call:request", id);
      // Ringing again while it rings is the same ring.
      assertThat(ring(appointment, doctor).expect(200).get("id").asString()).isEqualTo(id);

      JsonNode accepted = answer(id, "accept", patient).expect(200);
      assertThat(accepted.get("state").asString()).isEqualTo("accepted");
      assertThat(doctorEvents.about("call:accept", id).data().get("state").asString())
          .isEqualTo("accepted");
      patientEvents.about("call:accept", id);
      // The doctor called: the patient's link lets them straight into the call, no waiting room.
      assertThat(patientsGrants(appointment, patient)).contains(Grant.ENTER);

      // Answered once: a second answer, or a cancel, is refused with the state it is in.
      AppApi.Response again = answer(id, "reject", patient);
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.contentType()).startsWith("application/problem+json");
      assertThat(again.json().get("ringState").asString()).isEqualTo("accepted");
      assertThat(answer(id, "cancel", doctor).status()).isEqualTo(409);
    }
    assertThat(audited("RING_REQUESTED", doctor)).isEqualTo(1);
    assertThat(audited("RING_ACCEPTED", patient)).isEqualTo(1);
  }

  @Test
  void theDoctorHearsThatThePatientDeclined() throws Exception {
    Consult consult = consult();
    Account doctor = consult.doctor();
    Account patient = consult.patient();
    String appointment = consult.appointment();
    try (AppEvents doctorEvents = new AppEvents(api, doctor.token())) {
      String id = ring(appointment, doctor).expect(201).get("id").asString();
      assertThat(answer(id, "reject", patient).expect(200).get("state").asString())
          .isEqualTo("rejected");
      doctorEvents.about("call:reject", id);
      assertThat(patientsGrants(appointment, patient))
          .as("a declined call lets nobody in")
          .doesNotContain(Grant.ENTER);
    }
    assertThat(audited("RING_REJECTED", patient)).isEqualTo(1);
  }

  @Test
  void theDoctorCancelsWhileItRingsAndThePatientCanNoLongerAccept() throws Exception {
    Consult consult = consult();
    Account doctor = consult.doctor();
    Account patient = consult.patient();
    String appointment = consult.appointment();
    try (AppEvents patientEvents = new AppEvents(api, patient.token())) {
      String id = ring(appointment, doctor).expect(201).get("id").asString();
      patientEvents.about("call:request", id);
      assertThat(answer(id, "cancel", doctor).expect(200).get("state").asString())
          .isEqualTo("cancelled");
      patientEvents.about("call:cancel", id);
      AppApi.Response late = answer(id, "accept", patient);
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json().get("ringState").asString()).isEqualTo("cancelled");
    }
    assertThat(audited("RING_CANCELLED", doctor)).isEqualTo(1);
    // Cancelled, the patient is free again: the next ring rings.
    assertThat(ring(appointment, doctor).expect(201).get("state").asString()).isEqualTo("ringing");
  }

  @Test
  void aPatientBeingRungOrInAnotherCallIsBusy() throws Exception {
    Account doctor = register("doctor");
    Account otherDoctor = register("doctor");
    Account patient = register("patient");
    String first = confirmedAppointment(doctor, patient);
    String second = confirmedAppointment(otherDoctor, patient);
    try (AppEvents otherEvents = new AppEvents(api, otherDoctor.token());
        AppEvents patientEvents = new AppEvents(api, patient.token())) {
      String ringing = ring(first, doctor).expect(201).get("id").asString();
      JsonNode busy = ring(second, otherDoctor).expect(201);
      assertThat(busy.get("state").asString()).isEqualTo("busy");
      String busyId = busy.get("id").asString();
      otherEvents.about("call:busy", busyId);
      // The patient is not rung a second time.
      patientEvents.about("call:request", ringing);
      assertThatThrownBy(
              () ->
                  patientEvents.next(
                      "call:request",
                      data -> busyId.equals(data.path("id").asString()),
                      Duration.ofSeconds(1)))
          .isInstanceOf(AssertionError.class);
      answer(ringing, "cancel", doctor).expect(200);

      // In the first appointment's call (its session has someone in it on a live node): busy for
      // the other appointment's doctor; its own doctor may ring the patient into that call.
      String session =
          api.post("/api/appointments/" + first + "/session", "", patient.token())
              .json()
              .get("sessionId")
              .asString();
      String node = "node-ring-" + UUID.randomUUID().toString().substring(0, 8);
      api.post(
              "/api/media-nodes/heartbeat",
              heartbeatBody(node, 100, 1, true, session),
              Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
          .expect(200);
      assertThat(ring(second, otherDoctor).expect(201).get("state").asString()).isEqualTo("busy");
      String own = ring(first, doctor).expect(201).get("id").asString();
      answer(own, "cancel", doctor).expect(200);
      api.post(
              "/api/media-nodes/heartbeat",
              heartbeatBody(node, 100, 0, true),
              Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
          .expect(200);
    }
    assertThat(audited("RING_BUSY", otherDoctor)).isEqualTo(2);
  }

  @Test
  void anUnansweredRingStopsAfterTheTimeoutAndIsAMissedCallForBoth() throws Exception {
    Consult consult = consult();
    Account doctor = consult.doctor();
    Account patient = consult.patient();
    String appointment = consult.appointment();
    try (AppEvents doctorEvents = new AppEvents(api, doctor.token());
        AppEvents patientEvents = new AppEvents(api, patient.token())) {
      String id = ring(appointment, doctor).expect(201).get("id").asString();
      long rang = System.nanoTime();
      JsonNode ended =
          patientEvents
              .next(
                  "call:end",
                  data -> id.equals(data.path("id").asString()),
                  Duration.ofSeconds(RING_TIMEOUT_SECONDS + 10))
              .data();
      assertThat(Duration.ofNanos(System.nanoTime() - rang))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(RING_TIMEOUT_SECONDS).minusMillis(500));
      assertThat(ended.get("state").asString()).isEqualTo("missed");
      doctorEvents.about("call:end", id);
      AppApi.Response late = answer(id, "accept", patient);
      assertThat(late.status()).isEqualTo(409);
      assertThat(late.json().get("ringState").asString()).isEqualTo("missed");
    }
    for (Account side : new Account[] {doctor, patient}) {
      JsonNode missed = api.get("/api/rings/missed", side.token()).expect(200);
      assertThat(missed).hasSize(1);
      assertThat(missed.get(0).get("appointmentId").asString()).isEqualTo(appointment);
    }
  }

  @Test
  void onlyTheAppointmentsDoctorRingsAndOnlyItsPatientAnswers() {
    Account doctor = register("doctor");
    Account otherDoctor = register("doctor");
    Account patient = register("patient");
    Account otherPatient = register("patient");
    String appointment = confirmedAppointment(doctor, patient);

    assertProblem(ring(appointment, patient), 403);
    assertProblem(ring(appointment, otherDoctor), 404);
    assertProblem(ring(appointment, admin()), 403);
    assertProblem(ring("no-such-appointment", doctor), 404);
    Instant later = hoursAhead(24 + (int) (Math.random() * 2000));
    publish(doctor, later, 1);
    String requested = book(patient, doctor, later).expect(201).get("id").asString();
    assertProblem(ring(requested, doctor), 409);

    String id = ring(appointment, doctor).expect(201).get("id").asString();
    assertProblem(answer(id, "accept", otherPatient), 404);
    assertProblem(answer(id, "accept", otherDoctor), 404);
    assertProblem(answer(id, "accept", doctor), 403);
    assertProblem(answer(id, "cancel", patient), 403);
    assertProblem(answer(id, "cancel", otherDoctor), 404);
    assertProblem(answer("no-such-ring", "reject", patient), 404);
    // Still ringing after all that.
    answer(id, "cancel", doctor).expect(200);
  }

  @Test
  void theStreamNeedsASignedInPatientOrDoctorAndStartsWithWhatRings() throws Exception {
    assertProblem(api.get("/api/events"), 401);
    assertProblem(api.get("/api/events", adminToken()), 403);

    Consult consult = consult();
    Account doctor = consult.doctor();
    Account patient = consult.patient();
    String appointment = consult.appointment();
    String id = ring(appointment, doctor).expect(201).get("id").asString();
    try (AppEvents patientEvents = new AppEvents(api, patient.token())) {
      assertThat(patientEvents.contentType()).startsWith("text/event-stream");
      patientEvents.next("ready", data -> true, Duration.ofSeconds(5));
      patientEvents.about("call:request", id);
      answer(id, "cancel", doctor).expect(200);
    }
  }

  @Test
  void theStreamTellsOfAppointmentChangesAndCallsStarting() throws Exception {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(24 + (int) (Math.random() * 2000));
    publish(doctor, start, 1);
    try (AppEvents patientEvents = new AppEvents(api, patient.token());
        AppEvents doctorEvents = new AppEvents(api, doctor.token())) {
      String appointment = book(patient, doctor, start).expect(201).get("id").asString();
      doctorEvents.next(
          "appointment:changed", is(appointment, "requested"), Duration.ofSeconds(10));
      api.put(
              "/api/appointments/" + appointment + "/status",
              Map.of("status", "confirmed"),
              doctor.token())
          .expect(200);
      patientEvents.next(
          "appointment:changed", is(appointment, "confirmed"), Duration.ofSeconds(10));

      String session =
          api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
              .json()
              .get("sessionId")
              .asString();
      String node = "node-events-" + UUID.randomUUID().toString().substring(0, 8);
      mediaNodeHeartbeat(node, session);
      JsonNode started =
          patientEvents
              .next(
                  "calls:changed",
                  data -> appointment.equals(data.path("appointmentId").asString()),
                  Duration.ofSeconds(10))
              .data();
      assertThat(started.get("inProgress").asBoolean()).isTrue();
      mediaNodeHeartbeat(node);
      JsonNode ended =
          patientEvents
              .next(
                  "calls:changed",
                  data -> appointment.equals(data.path("appointmentId").asString()),
                  Duration.ofSeconds(10))
              .data();
      assertThat(ended.get("inProgress").asBoolean()).isFalse();

      api.put(
              "/api/appointments/" + appointment + "/status",
              Map.of("status", "cancelled"),
              patient.token())
          .expect(200);
      doctorEvents.next(
          "appointment:changed", is(appointment, "cancelled"), Duration.ofSeconds(10));
    }
  }

  /** A confirmed appointment between a new doctor and a new patient. */
  private record Consult(Account doctor, Account patient, String appointment) {}

  private Consult consult() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    return new Consult(doctor, patient, confirmedAppointment(doctor, patient));
  }

  private static Predicate<JsonNode> is(String appointment, String status) {
    return data ->
        appointment.equals(data.path("appointmentId").asString())
            && status.equals(data.path("status").asString());
  }

  /** The grants of the join link the patient's Join (or an accepted ring) gets now. */
  private Set<Grant> patientsGrants(String appointment, Account patient) throws Exception {
    return grantsOf(
        api.post("/api/appointments/" + appointment + "/session", "", patient.token()).expect(200));
  }

  private AppApi.Response ring(String appointment, Account doctor) {
    return api.post("/api/appointments/" + appointment + "/ring", "", doctor.token());
  }

  private AppApi.Response answer(String ring, String action, Account who) {
    return api.post("/api/rings/" + ring + "/" + action, "", who.token());
  }

  private int audited(String type, Account who) {
    return api.get("/api/audit?type=" + type + "&userId=" + who.id(), adminToken())
        .expect(200)
        .size();
  }
}
