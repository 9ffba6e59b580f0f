package org.medirelay.assistant.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/** The assistant through the real HTTP layer, on the embedded store, with the built-in engine. */
class AssistantApiTest extends AppTest {

  private static final String CONVERSATIONS = "/api/assistant/conversations";

  private AppApi.Response say(Account patient, String conversationId, String text) {
    return api.post(
        CONVERSATIONS + "/" + conversationId + "/messages", Map.of("text", text), patient.token());
  }

  private String openIntake(Account patient, String appointmentId) {
    AppApi.Response opened =
        api.post(CONVERSATIONS, Map.of("appointmentId", appointmentId), patient.token());
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    return opened.json().get("id").asString();
  }

  @Test
  void intakeFlowsToASummaryThatTheDoctorSees() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);

    AppApi.Response opened =
        api.post(CONVERSATIONS, Map.of("appointmentId", appointmentId), patient.token());
    assertThat(opened.status()).isEqualTo(201);
    String id = opened.json().get("id").asString();
    assertThat(opened.header("Location")).isEqualTo(CONVERSATIONS + "/" + id);
    assertThat(opened.json().get("intakeStep").asString()).isEqualTo("complaint");
    assertThat(opened.json().get("messages").get(0).get("text").asString())
        .contains("main problem");

    for (String answer :
        List.of(
            "Itchy rash on both forearms",
            "since last Monday",
            "5 out of 10",
            "cetirizine 10mg and vitamin D",
            "penicillin",
            "to know what is causing it and how to stop the itching")) {
      JsonNode reply = say(patient, id, answer).json();
      assertThat(reply.get("emergency").asBoolean()).isFalse();
      assertThat(reply.get("intakeComplete").asBoolean()).isFalse();
    }
    JsonNode confirmed = say(patient, id, "yes").json();
    assertThat(confirmed.get("intakeComplete").asBoolean()).isTrue();
    assertThat(confirmed.get("engine").asString()).isEqualTo("BUILTIN");

    AppApi.Response doctorsView =
        api.get("/api/appointments/" + appointmentId + "/intake", doctor.token());
    assertThat(doctorsView.status()).isEqualTo(200);
    JsonNode intake = doctorsView.json();
    assertThat(intake.get("status").asString()).isEqualTo("complete");
    JsonNode summary = intake.get("summary");
    assertThat(summary.get("mainComplaint").asString()).isEqualTo("Itchy rash on both forearms");
    assertThat(summary.get("severity").asInt()).isEqualTo(5);
    assertThat(summary.get("medicines"))
        .extracting(JsonNode::asString)
        .containsExactly("cetirizine 10mg", "vitamin D");
    assertThat(summary.get("allergies"))
        .extracting(JsonNode::asString)
        .containsExactly("penicillin");
    assertThat(summary.get("onsetDate").isNull()).isFalse();
    assertThat(intake.get("summaryText").asString())
        .contains("Main problem: Itchy rash on both forearms");

    assertThat(api.get("/api/appointments/" + appointmentId + "/intake", patient.token()).status())
        .isEqualTo(200);
    assertThat(
            api.get("/api/appointments/" + appointmentId + "/intake", register("doctor").token())
                .status())
        .isEqualTo(404);
    assertThat(api.get("/api/appointments/" + appointmentId + "/intake", admin().token()).status())
        .isEqualTo(403);
  }

  @Test
  void aRedFlagGetsAnEmergencyInstructionAndTheDoctorSeesIt() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);
    String id = openIntake(patient, appointmentId);

    JsonNode reply =
        say(patient, id, "I have crushing chest pain and I can't breathe properly").json();

    assertThat(reply.get("emergency").asBoolean()).isTrue();
    assertThat(reply.get("kind").asString()).isEqualTo("EMERGENCY");
    assertThat(reply.get("reply").asString())
        .contains("emergency number")
        .contains("emergency department");
    assertThat(reply.get("intakeStep").asString()).isEqualTo("complaint");
    JsonNode intake =
        api.get("/api/appointments/" + appointmentId + "/intake", doctor.token()).json();
    assertThat(intake.get("status").asString()).isEqualTo("in-progress");
    assertThat(intake.get("redFlags"))
        .extracting(JsonNode::asString)
        .contains("chest pain that may be a heart attack");

    JsonNode crisis = say(patient, id, "honestly I just want to kill myself").json();
    assertThat(crisis.get("emergency").asBoolean()).isTrue();
    assertThat(crisis.get("reply").asString()).contains("988");
  }

  @Test
  void aRedFlagInTheIntakeMarksTheAppointmentOnItsDoctorsListOnly() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);
    String id = openIntake(patient, appointmentId);
    assertThat(appointment(doctor, appointmentId).get("redFlag").isNull()).isTrue();

    Instant before = Instant.now();
    JsonNode reply = say(patient, id, "I have crushing chest pain").json();

    assertThat(reply.get("kind").asString()).isEqualTo("EMERGENCY");
    JsonNode flag = appointment(doctor, appointmentId).get("redFlag");
    assertThat(flag.get("presentation").asString())
        .isEqualTo("chest pain that may be a heart attack");
    assertThat(Instant.parse(flag.get("at").asString())).isAfterOrEqualTo(before.minusSeconds(1));
    assertThat(
            api.get("/api/appointments/" + appointmentId, doctor.token())
                .json()
                .get("redFlag")
                .get("presentation")
                .asString())
        .isEqualTo("chest pain that may be a heart attack");
    // Clinical: not for the administrator; the patient was told what to do when they raised it.
    assertThat(appointment(patient, appointmentId).get("redFlag").isNull()).isTrue();
    assertThat(
            api.get("/api/appointments/" + appointmentId, admin().token())
                .json()
                .get("redFlag")
                .isNull())
        .isTrue();
  }

  @Test
  void anOrdinaryIntakeLeavesTheAppointmentUnmarked() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);
    String id = openIntake(patient, appointmentId);

    say(patient, id, "I had chest pain last year, it's fine now, I'd like a check-up");

    assertThat(appointment(doctor, appointmentId).get("redFlag").isNull()).isTrue();
  }

  /** The appointment as it appears in this user's upcoming list, the one the dashboard reads. */
  private JsonNode appointment(Account user, String appointmentId) {
    for (JsonNode appointment : api.get("/api/appointments", user.token()).json()) {
      if (appointment.get("id").asString().equals(appointmentId)) {
        return appointment;
      }
    }
    throw new AssertionError("appointment " + appointmentId + " is not in the list");
  }

  @Test
  void refusesToDiagnoseOrPrescribe() {
    Account patient = register("patient");
    String id = api.post(CONVERSATIONS, Map.of(), patient.token()).json().get("id").asString();

    JsonNode diagnosis = say(patient, id, "do I have diabetes?").json();
    JsonNode treatment = say(patient, id, "what medicine should I take for my headache").json();

    assertThat(diagnosis.get("kind").asString()).isEqualTo("REFUSAL");
    assertThat(diagnosis.get("reply").asString()).contains("never diagnose");
    assertThat(treatment.get("kind").asString()).isEqualTo("REFUSAL");
    assertThat(treatment.get("reply").asString()).contains("never prescribe");
  }

  @Test
  void answersFromThePatientsRealAppointmentsAndTheHelpTexts() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    confirmedAppointment(doctor, patient);
    AppApi.Response opened = api.post(CONVERSATIONS, null, patient.token());
    assertThat(opened.status()).isEqualTo(201);
    String id = opened.json().get("id").asString();
    assertThat(opened.json().get("intakeComplete").isNull()).isTrue();

    JsonNode next = say(patient, id, "When is my next appointment?").json();
    JsonNode camera = say(patient, id, "how do I test my camera").json();
    JsonNode unknown = say(patient, id, "who will win the football tonight").json();

    assertThat(next.get("kind").asString()).isEqualTo("APPOINTMENTS");
    assertThat(next.get("reply").asString())
        .contains("Your next appointment is")
        .contains("with doctor ");
    assertThat(camera.get("kind").asString()).isEqualTo("HELP");
    assertThat(camera.get("reply").asString()).contains("preview");
    assertThat(unknown.get("kind").asString()).isEqualTo("UNKNOWN");
    assertThat(unknown.get("reply").asString()).contains("contact the clinic");

    JsonNode stored = api.get(CONVERSATIONS + "/" + id, patient.token()).json();
    assertThat(stored.get("messages")).hasSize(7);
    assertThat(stored.get("messages").get(1).get("from").asString()).isEqualTo("patient");
  }

  @Test
  void nobodyReadsOrWritesAnotherPatientsConversation() {
    Account doctor = register("doctor");
    Account owner = register("patient");
    Account other = register("patient");
    String appointmentId = confirmedAppointment(doctor, owner);
    String id = openIntake(owner, appointmentId);
    say(owner, id, "sore knee after a fall");

    AppApi.Response read = api.get(CONVERSATIONS + "/" + id, other.token());
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.contentType()).startsWith("application/problem+json");
    assertThat(read.body()).doesNotContain("sore knee");
    assertThat(say(other, id, "hello").status()).isEqualTo(404);
    assertThat(api.get(CONVERSATIONS + "/" + id, doctor.token()).status()).isEqualTo(403);
    assertThat(api.get(CONVERSATIONS + "/" + id, (String) null).status()).isEqualTo(401);
    assertThat(api.get(CONVERSATIONS, other.token()).json()).isEmpty();
    assertThat(
            api.post(CONVERSATIONS, Map.of("appointmentId", appointmentId), other.token()).status())
        .isEqualTo(404);
    assertThat(api.get(CONVERSATIONS + "/" + id, owner.token()).body()).contains("sore knee");
  }

  @Test
  void oneIntakePerAppointment() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    String appointmentId = confirmedAppointment(doctor, patient);
    String first = openIntake(patient, appointmentId);

    AppApi.Response again =
        api.post(CONVERSATIONS, Map.of("appointmentId", appointmentId), patient.token());

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("id").asString()).isEqualTo(first);
  }

  @Test
  void badInputGetsAProblemAndChangesNothing() {
    Account patient = register("patient");
    String id = api.post(CONVERSATIONS, Map.of(), patient.token()).json().get("id").asString();

    AppApi.Response blank = say(patient, id, "   ");
    AppApi.Response tooLong = say(patient, id, "x".repeat(2001));
    AppApi.Response malformed =
        api.post(CONVERSATIONS + "/" + id + "/messages", "{\"text\":", patient.token());
    AppApi.Response unknownConversation = say(patient, "000000000000000000000000", "hi");
    AppApi.Response unknownAppointment =
        api.post(CONVERSATIONS, Map.of("appointmentId", "nope"), patient.token());

    assertThat(List.of(blank.status(), tooLong.status(), malformed.status())).containsOnly(400);
    assertThat(blank.contentType()).startsWith("application/problem+json");
    assertThat(unknownConversation.status()).isEqualTo(404);
    assertThat(unknownAppointment.status()).isEqualTo(404);
    assertThat(api.get(CONVERSATIONS + "/" + id, patient.token()).json().get("messages"))
        .hasSize(1);
  }

  @Test
  void concurrentMessagesNeverLoseAnExchange() throws Exception {
    Account patient = register("patient");
    String id = api.post(CONVERSATIONS, Map.of(), patient.token()).json().get("id").asString();
    int senders = 8;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      String text = "which browsers are supported, question " + i;
      statuses.add(
          pool.submit(
              () -> {
                go.await();
                return say(patient, id, text).status();
              }));
    }
    go.countDown();
    int answered = 0;
    for (Future<Integer> status : statuses) {
      int code = status.get();
      assertThat(code).isIn(200, 409);
      answered += code == 200 ? 1 : 0;
    }
    pool.shutdown();

    // Every answered message is stored with its reply; a refused one (409) left no trace.
    assertThat(answered).isPositive();
    assertThat(api.get(CONVERSATIONS + "/" + id, patient.token()).json().get("messages"))
        .hasSize(1 + 2 * answered);
  }

  @Test
  void aPatientSendingFasterThanAPersonTypesIsSlowedDown() {
    Account patient = register("patient");
    String id = api.post(CONVERSATIONS, Map.of(), patient.token()).json().get("id").asString();
    for (int i = 0; i < 20; i++) {
      assertThat(say(patient, id, "how do I test my camera").status()).isEqualTo(200);
    }

    AppApi.Response limited = say(patient, id, "how do I test my camera");

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
    assertThat(api.get(CONVERSATIONS + "/" + id, patient.token()).json().get("messages"))
        .hasSize(41);
  }

  @Test
  void onlyAnAdministratorDecidesWhetherPatientDataGoesToTheProvider() {
    Account patient = register("patient");
    Account admin = admin();

    assertThat(api.get("/api/admin/assistant", patient.token()).status()).isEqualTo(403);
    assertThat(
            api.put("/api/admin/assistant", Map.of("sharePatientData", true), patient.token())
                .status())
        .isEqualTo(403);
    JsonNode shown = api.get("/api/admin/assistant", admin.token()).json();
    assertThat(shown.get("providerConfigured").asBoolean()).isFalse();
    assertThat(shown.get("sharePatientData").asBoolean()).isFalse();
    assertThat(api.put("/api/admin/assistant", Map.of(), admin.token()).status()).isEqualTo(400);

    JsonNode changed =
        api.put("/api/admin/assistant", Map.of("sharePatientData", true), admin.token()).json();
    assertThat(changed.get("sharePatientData").asBoolean()).isTrue();
    assertThat(changed.get("changedBy").asString()).isEqualTo(admin.id());
    JsonNode reverted =
        api.put("/api/admin/assistant", Map.of("sharePatientData", false), admin.token()).json();
    assertThat(reverted.get("sharePatientData").asBoolean()).isFalse();
  }
}
