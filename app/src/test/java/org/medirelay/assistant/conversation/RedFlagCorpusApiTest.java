package org.medirelay.assistant.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.assistant.safety.RedFlag;
import org.medirelay.assistant.safety.RedFlagCorpus;
import org.medirelay.assistant.safety.RedFlagCorpus.Entry;
import org.medirelay.assistant.safety.RedFlagCorpus.Tally;
import org.medirelay.assistant.safety.RedFlagRules;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import tools.jackson.databind.JsonNode;

/**
 * The red-flag corpus through the real HTTP API, as patients meet it: each message in a
 * conversation of its own (so nothing said before can combine with it), once as a question to the
 * general assistant and once as the main problem of a new appointment's pre-visit intake. Prints
 * the figures.
 */
class RedFlagCorpusApiTest extends AppTest {

  private static final String CONVERSATIONS = "/api/assistant/conversations";

  /**
   * ASSISTANT_MAX_MESSAGES_PER_MINUTE's default: a patient sends no more, the next one takes over.
   */
  private static final int MESSAGES_PER_PATIENT = 20;

  private final RedFlagCorpus corpus = RedFlagCorpus.load();
  private final RedFlagRules rules = RedFlagRules.builtIn();

  /** Hands out signed-in patients, a new one before the current one reaches the rate limit. */
  private final class Patients {
    private Account current;
    private int sent;

    Account next() {
      if (current == null || sent == MESSAGES_PER_PATIENT) {
        current = register("patient");
        sent = 0;
      }
      sent++;
      return current;
    }
  }

  @Test
  void theGeneralAssistantAnswersEveryRedFlagWithAnEmergencyAndNoOrdinaryMessage() {
    Patients patients = new Patients();
    Tally tally = corpus.tally();

    for (Entry entry : corpus.redFlags()) {
      if (!isEmergency(ask(patients.next(), null, entry.message()))) {
        tally.missed(entry, "");
      }
    }
    for (Entry entry : corpus.ordinary()) {
      if (ask(patients.next(), null, entry.message()).get("emergency").asBoolean()) {
        tally.falseAlarm(entry, "");
      }
    }

    tally.print("Red-flag corpus over HTTP, general assistant (emergency reply)");
    tally.assertMeetsTheBar();
  }

  @Test
  void asAnIntakesMainProblemEveryRedFlagIsAnEmergencyTheDoctorSeesOnTheAppointment() {
    Account doctor = register("doctor");
    Instant first = hoursAhead(48);
    List<Entry> all = new ArrayList<>(corpus.redFlags());
    all.addAll(corpus.ordinary());
    publish(doctor, first, all.size());
    Patients patients = new Patients();
    Map<String, Entry> byAppointment = new HashMap<>();
    Tally tally = corpus.tally();
    int namedForTheDoctor = 0;

    for (int i = 0; i < all.size(); i++) {
      Entry entry = all.get(i);
      Account patient = patients.next();
      AppApi.Response booked = book(patient, doctor, first.plus(30L * i, ChronoUnit.MINUTES));
      assertThat(booked.status()).as(booked.body()).isEqualTo(201);
      String appointmentId = booked.json().get("id").asString();
      byAppointment.put(appointmentId, entry);
      boolean emergency = isEmergency(ask(patient, appointmentId, entry.message()));
      boolean ordinary = entry.expected().startsWith("ordinary");
      if (ordinary && emergency) {
        tally.falseAlarm(entry, "");
      } else if (!ordinary && !emergency) {
        tally.missed(entry, "");
      } else if (!ordinary && doctorsIntakeNames(doctor, appointmentId, label(entry))) {
        namedForTheDoctor++;
      }
    }
    int marked = 0;
    int ordinaryMarked = 0;
    for (JsonNode appointment : api.get("/api/appointments", doctor.token()).json()) {
      Entry entry = byAppointment.get(appointment.get("id").asString());
      if (entry != null && !appointment.get("redFlag").isNull()) {
        if (entry.expected().startsWith("ordinary")) {
          ordinaryMarked++;
        } else if (appointment
            .get("redFlag")
            .get("presentation")
            .asString()
            .contains(label(entry))) {
          marked++;
        }
      }
    }

    int redFlags = corpus.redFlags().size();
    tally.print("Red-flag corpus over HTTP, intake main problem (emergency reply)");
    System.out.printf(
        "  the doctor's intake names the expected presentation for %s; the appointment is marked"
            + " with it on the doctor's list for %s; ordinary intakes marked: %d%n",
        RedFlagCorpus.share(namedForTheDoctor, redFlags),
        RedFlagCorpus.share(marked, redFlags),
        ordinaryMarked);
    tally.assertMeetsTheBar();
    assertThat((double) marked / redFlags).isGreaterThanOrEqualTo(RedFlagCorpus.MIN_FLAGGED);
    assertThat(ordinaryMarked).isZero();
  }

  /** Sends one message in a new conversation: a general one, or the intake of an appointment. */
  private JsonNode ask(Account patient, String appointmentId, String message) {
    AppApi.Response opened =
        api.post(
            CONVERSATIONS,
            appointmentId == null ? Map.of() : Map.of("appointmentId", appointmentId),
            patient.token());
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    String id = opened.json().get("id").asString();
    AppApi.Response reply =
        api.post(CONVERSATIONS + "/" + id + "/messages", Map.of("text", message), patient.token());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  /** An emergency reply: it tells the patient to call the emergency number, not soft advice. */
  private static boolean isEmergency(JsonNode reply) {
    return reply.get("emergency").asBoolean()
        && reply.get("kind").asString().equals("EMERGENCY")
        && reply.get("reply").asString().contains("emergency number");
  }

  private boolean doctorsIntakeNames(Account doctor, String appointmentId, String label) {
    JsonNode intake =
        api.get("/api/appointments/" + appointmentId + "/intake", doctor.token()).json();
    for (JsonNode flag : intake.get("redFlags")) {
      if (flag.asString().equals(label)) {
        return true;
      }
    }
    return false;
  }

  private String label(Entry entry) {
    return rules.flag(entry.expected()).map(RedFlag::label).orElseThrow();
  }
}
