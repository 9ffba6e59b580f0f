package org.medirelay.visit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The visit note through the API: the appointment's doctor writes and shares it, its patient reads
 * it once shared, anyone else is refused with 403 problem details; past consultations list
 * completed appointments with the call's duration and the note.
 */
class VisitApiTest extends AppTest {

  @Test
  void theDoctorWritesTheNoteAndThePatientReadsItOnceShared() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointment = completedByCall(doctor, patient, 754);

    JsonNode draft = note(appointment, doctor, "Viral cough. Fluids, rest.", false).expect(200);
    assertThat(draft.get("shared").asBoolean()).isFalse();
    assertThat(api.get(notePath(appointment), patient.token()).status()).isEqualTo(404);
    JsonNode unsharedVisit = api.get("/api/visits", patient.token()).expect(200).get(0);
    assertThat(unsharedVisit.get("appointmentId").asString()).isEqualTo(appointment);
    assertThat(unsharedVisit.get("durationSeconds").asLong()).isEqualTo(754);
    assertThat(unsharedVisit.get("note").isNull()).isTrue();

    note(appointment, doctor, "Viral cough. Fluids, rest; back if fever.", true).expect(200);
    JsonNode read = api.get(notePath(appointment), patient.token()).expect(200);
    assertThat(read.get("text").asString()).isEqualTo("Viral cough. Fluids, rest; back if fever.");
    assertThat(read.get("shared").asBoolean()).isTrue();
    Instant sharedAt = Instant.parse(read.get("sharedAt").asString());
    // An edit after sharing keeps when it was first shared.
    note(appointment, doctor, "Viral cough. Fluids, rest; back if fever > 3 days.", true)
        .expect(200);
    JsonNode visit = api.get("/api/visits", patient.token()).expect(200).get(0);
    assertThat(visit.get("note").get("text").asString()).endsWith("> 3 days.");
    assertThat(Instant.parse(visit.get("note").get("sharedAt").asString())).isEqualTo(sharedAt);
    assertThat(visit.get("doctorName").asString()).isNotBlank();
    assertThat(api.get("/api/visits", doctor.token()).expect(200).get(0).get("note").get("text"))
        .isEqualTo(visit.get("note").get("text"));
  }

  @Test
  void anyoneButTheAppointmentsDoctorIsRefused() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Account otherDoctor = register("doctor");
    Account otherPatient = register("patient");
    String appointment = completedByCall(doctor, patient, 60);
    note(appointment, doctor, "Seen.", true).expect(200);

    for (Account writer : List.of(patient, otherDoctor, otherPatient, admin())) {
      AppApi.Response refused = note(appointment, writer, "Not mine to write.", true);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    for (Account reader : List.of(otherDoctor, otherPatient, admin())) {
      AppApi.Response refused = api.get(notePath(appointment), reader.token());
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.json().get("status").asInt()).isEqualTo(403);
    }
    // An id that does not exist is refused alike: ids reveal nothing.
    assertThat(note("0123456789abcdef01234567", doctor, "x", false).status()).isEqualTo(403);
    assertThat(api.get("/api/visits", otherPatient.token()).expect(200)).isEmpty();
    assertThat(api.get(notePath(appointment), doctor.token()).expect(200).get("text").asString())
        .isEqualTo("Seen.");
  }

  @Test
  void aNoteNeedsTextAndAConsultationThatTookPlaceOrIsConfirmed() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(24 + (int) (Math.random() * 2000));
    publish(doctor, start, 1);
    String requested = book(patient, doctor, start).expect(201).get("id").asString();
    assertThat(note(requested, doctor, "Too early.", false).status()).isEqualTo(409);
    api.put(
            "/api/appointments/" + requested + "/status",
            Map.of("status", "confirmed"),
            doctor.token())
        .expect(200);
    assertThat(note(requested, doctor, "  ", false).status()).isEqualTo(400);
    assertThat(
            api.put(notePath(requested), Map.of("text", "No sharing flag."), doctor.token())
                .status())
        .isEqualTo(400);
    assertThat(note(requested, doctor, "Prepared before the call.", false).status()).isEqualTo(200);
    // Only completed consultations are past ones.
    assertThat(api.get("/api/visits", patient.token()).expect(200)).isEmpty();
  }

  /**
   * A confirmed appointment whose host ended its call after {@code seconds}, as its media node
   * reports it.
   */
  private String completedByCall(Account doctor, Account patient, int seconds) {
    String appointment = confirmedAppointment(doctor, patient);
    String session =
        api.post("/api/appointments/" + appointment + "/session", "", doctor.token())
            .json()
            .get("sessionId")
            .asString();
    Instant end = Instant.now();
    Map<String, Object> beat =
        heartbeatBody("visit-" + UUID.randomUUID().toString().substring(0, 8), 100, 0, true);
    beat.put(
        "endedCalls",
        List.of(
            Map.of(
                "sessionId",
                session,
                "startedAt",
                end.minusSeconds(seconds).toString(),
                "endedAt",
                end.toString())));
    api.post(
            "/api/media-nodes/heartbeat",
            beat,
            Map.of("Authorization", "Bearer " + MEDIA_NODE_SECRET))
        .expect(200);
    return appointment;
  }

  private AppApi.Response note(String appointment, Account user, String text, boolean shared) {
    return api.put(notePath(appointment), Map.of("text", text, "shared", shared), user.token());
  }

  private static String notePath(String appointment) {
    return "/api/appointments/" + appointment + "/note";
  }
}
