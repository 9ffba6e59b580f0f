package org.medirelay.appointment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

class AppointmentApiTest extends AppTest {

  @Test
  void doctorPublishesPatientSeesSlotsBooksAndTheSlotIsGone() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(48);
    publish(doctor, start, 4);

    assertThat(api.get("/api/doctors", patient.token()).body()).contains(doctor.id());
    String slotsPath =
        "/api/doctors/"
            + doctor.id()
            + "/slots?from="
            + start.minus(1, ChronoUnit.HOURS)
            + "&to="
            + start.plus(1, ChronoUnit.DAYS);
    JsonNode slots = api.get(slotsPath, patient.token()).json();
    assertThat(slots).hasSize(4);
    assertThat(slots.get(1).get("start").asString())
        .isEqualTo(start.plus(30, ChronoUnit.MINUTES).toString());

    AppApi.Response booked = book(patient, doctor, start.plus(30, ChronoUnit.MINUTES));
    assertThat(booked.status()).isEqualTo(201);
    assertThat(booked.header("Location"))
        .isEqualTo("/api/appointments/" + booked.json().get("id").asString());
    assertThat(booked.json().get("status").asString()).isEqualTo("requested");
    assertThat(booked.json().get("end").asString())
        .isEqualTo(start.plus(60, ChronoUnit.MINUTES).toString());

    assertThat(api.get(slotsPath, patient.token()).json()).hasSize(3);
    assertThat(book(register("patient"), doctor, start.plus(30, ChronoUnit.MINUTES)).status())
        .isEqualTo(409);
  }

  @Test
  void aSlotIsBookedOnceEvenUnderConcurrentRequests() throws Exception {
    Account doctor = register("doctor");
    Instant start = hoursAhead(72);
    publish(doctor, start, 1);
    int patients = 8;
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      accounts.add(register("patient"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(patients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (Account patient : accounts) {
      Callable<Integer> attempt =
          () -> {
            go.await();
            return book(patient, doctor, start).status();
          };
      results.add(pool.submit(attempt));
    }
    go.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> result : results) {
      statuses.add(result.get());
    }
    pool.shutdown();
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(patients - 1);
    JsonNode doctorsView = api.get("/api/appointments", doctor.token()).json();
    assertThat(doctorsView).hasSize(1);
  }

  /**
   * A doctor lists the availability they published (what has not ended yet); nobody else reads it:
   * a patient's role is refused, another doctor gets 403, both as problems.
   */
  @Test
  void aDoctorListsTheirOwnPublishedAvailability() {
    Account doctor = register("doctor");
    Instant later = hoursAhead(300);
    Instant sooner = hoursAhead(250);
    publish(doctor, later, 3);
    api.publishSlots(doctor.id(), doctor.token(), sooner, sooner.plus(2, ChronoUnit.HOURS), 20)
        .expect(201);
    String path = "/api/doctors/" + doctor.id() + "/availability";

    JsonNode windows = api.get(path, doctor.token()).expect(200);
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).get("start").asString()).isEqualTo(sooner.toString());
    assertThat(windows.get(0).get("end").asString())
        .isEqualTo(sooner.plus(2, ChronoUnit.HOURS).toString());
    assertThat(windows.get(0).get("slotMinutes").asInt()).isEqualTo(20);
    assertThat(windows.get(1).get("start").asString()).isEqualTo(later.toString());
    assertThat(windows.get(1).get("slotMinutes").asInt()).isEqualTo(30);

    for (Account other : List.of(register("patient"), register("doctor"))) {
      AppApi.Response refused = api.get(path, other.token());
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(api.get(path).status()).isEqualTo(401);
  }

  @Test
  void bookingOutsideAPublishedSlotIsRefused() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(96);
    publish(doctor, start, 2);
    assertThat(book(patient, doctor, start.plus(10, ChronoUnit.MINUTES)).status()).isEqualTo(409);
    assertThat(book(patient, doctor, start.plus(5, ChronoUnit.HOURS)).status()).isEqualTo(409);
    assertThat(book(patient, register("patient"), start).status()).isEqualTo(404);
  }

  @Test
  void overlappingAvailabilityIsAConflict() {
    Account doctor = register("doctor");
    Instant start = hoursAhead(120);
    publish(doctor, start, 4);
    AppApi.Response overlap =
        api.publishSlots(
            doctor.id(),
            doctor.token(),
            start.plus(1, ChronoUnit.HOURS),
            start.plus(3, ChronoUnit.HOURS),
            20);
    assertThat(overlap.status()).isEqualTo(409);
  }

  @Test
  void rolesAreEnforced() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(150);
    Map<String, Object> window =
        Map.of(
            "start",
            start.toString(),
            "end",
            start.plus(1, ChronoUnit.HOURS).toString(),
            "slotMinutes",
            30);
    // A patient cannot publish availability, a doctor cannot publish for another doctor.
    assertThat(
            api.post("/api/doctors/" + doctor.id() + "/availability", window, patient.token())
                .status())
        .isEqualTo(403);
    assertThat(
            api.post(
                    "/api/doctors/" + doctor.id() + "/availability",
                    window,
                    register("doctor").token())
                .status())
        .isEqualTo(403);
    publish(doctor, start, 2);
    // A doctor cannot book.
    assertThat(book(doctor, doctor, start).status()).isEqualTo(403);
    // Nobody anonymous gets in.
    assertThat(api.get("/api/appointments").status()).isEqualTo(401);
    assertThat(api.get("/api/doctors").status()).isEqualTo(401);
    // Only an administrator lists media nodes and the audit log.
    assertThat(api.get("/api/media-nodes", doctor.token()).status()).isEqualTo(403);
    assertThat(api.get("/api/audit", patient.token()).status()).isEqualTo(403);
    assertThat(api.get("/api/audit", admin().token()).status()).isEqualTo(200);
  }

  @Test
  void usersSeeOnlyTheirOwnAppointments() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Account stranger = register("patient");
    Account otherDoctor = register("doctor");
    String id = confirmedAppointment(doctor, patient);

    assertThat(api.get("/api/appointments/" + id, patient.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/appointments/" + id, doctor.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/appointments/" + id, stranger.token()).status()).isEqualTo(404);
    assertThat(api.get("/api/appointments/" + id, otherDoctor.token()).status()).isEqualTo(404);
    assertThat(api.get("/api/appointments", stranger.token()).json()).isEmpty();
    assertThat(
            api.put(
                    "/api/appointments/" + id + "/status",
                    Map.of("status", "cancelled"),
                    stranger.token())
                .status())
        .isEqualTo(404);
    assertThat(api.post("/api/appointments/" + id + "/session", "{}", stranger.token()).status())
        .isEqualTo(404);
    assertThat(api.get("/api/appointments/" + id, admin().token()).status()).isEqualTo(200);
  }

  @Test
  void statusMovesFollowTheRules() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String id = confirmedAppointment(doctor, patient);
    String path = "/api/appointments/" + id + "/status";
    // The patient cannot start or complete the consultation; nothing jumps to completed.
    assertThat(api.put(path, Map.of("status", "in-progress"), patient.token()).status())
        .isEqualTo(403);
    assertThat(api.put(path, Map.of("status", "completed"), doctor.token()).status())
        .isEqualTo(409);
    assertThat(
            api.put(path, Map.of("status", "in-progress"), doctor.token())
                .json()
                .get("status")
                .asString())
        .isEqualTo("in-progress");
    assertThat(api.put(path, Map.of("status", "cancelled"), patient.token()).status())
        .isEqualTo(409);
    assertThat(
            api.put(path, Map.of("status", "completed"), doctor.token())
                .json()
                .get("status")
                .asString())
        .isEqualTo("completed");
    assertThat(api.put(path, Map.of("status", "confirmed"), doctor.token()).status())
        .isEqualTo(409);
    assertThat(api.put(path, Map.of("status", "sleeping"), doctor.token()).status()).isEqualTo(400);
    // Completed appointments leave the upcoming list but stay in the full one.
    assertThat(api.get("/api/appointments", patient.token()).json()).isEmpty();
    assertThat(api.get("/api/appointments?all=true", patient.token()).json()).hasSize(1);
  }

  /**
   * A cancelled appointment stays in both sides' upcoming lists, saying who cancelled it and when;
   * nobody else sees it.
   */
  @Test
  void aCancelledAppointmentStaysListedWithWhoCancelledItAndWhen() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String id = confirmedAppointment(doctor, patient);
    String patientName =
        api.get("/api/users/profile", patient.token()).json().get("name").asString();
    Instant before = Instant.now();
    api.put("/api/appointments/" + id + "/status", Map.of("status", "cancelled"), patient.token())
        .expect(200);

    for (Account side : List.of(doctor, patient)) {
      JsonNode listed = api.get("/api/appointments", side.token()).expect(200);
      assertThat(listed).hasSize(1);
      JsonNode cancelled = listed.get(0);
      assertThat(cancelled.get("id").asString()).isEqualTo(id);
      assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
      assertThat(cancelled.get("cancellation").get("by").asString()).isEqualTo("patient");
      assertThat(cancelled.get("cancellation").get("name").asString()).isEqualTo(patientName);
      assertThat(Instant.parse(cancelled.get("cancellation").get("at").asString()))
          .isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
    }
    Account stranger = register("patient");
    assertThat(api.get("/api/appointments", stranger.token()).json()).isEmpty();
    assertThat(api.get("/api/appointments/" + id, stranger.token()).status()).isEqualTo(404);
    // Cancelled is final, and the doctor cannot start it any more.
    assertThat(
            api.put(
                    "/api/appointments/" + id + "/status",
                    Map.of("status", "in-progress"),
                    doctor.token())
                .status())
        .isEqualTo(409);
    // A confirmed appointment that is not cancelled has no cancellation.
    String other = confirmedAppointment(doctor, register("patient"));
    assertThat(
            api.get("/api/appointments/" + other, doctor.token())
                .json()
                .get("cancellation")
                .isNull())
        .isTrue();
  }

  @Test
  void cancellingReleasesTheSlot() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    Instant start = hoursAhead(200);
    publish(doctor, start, 1);
    String id = book(patient, doctor, start).json().get("id").asString();
    assertThat(
            api.put(
                    "/api/appointments/" + id + "/status",
                    Map.of("status", "cancelled"),
                    patient.token())
                .status())
        .isEqualTo(200);
    assertThat(book(register("patient"), doctor, start).status()).isEqualTo(201);
  }
}
