package org.medirelay.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medirelay.token.Grant;

/**
 * The waiting room through a running node's signaling: whoever's token lacks the admit grant waits,
 * gets no offer (so no transport: nothing of theirs can be forwarded, and nothing reaches them)
 * until a host lets them in; what hosts and waiters are told; rejoining; and bad input.
 */
class WaitingRoomTest {

  private static final Set<Grant> MEDIA = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE);
  private static final Set<Grant> HOST = EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.END);

  /** A browser's answer without a real transport: these tests carry no media. */
  private static final AnswerSdp.Transport TRANSPORT =
      new AnswerSdp.Transport(
          "abcd",
          "abcdefghijklmnopqrstuvwx",
          "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
          null);

  private static TestIssuer issuer;
  private static MediaNode node;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer("media-test");
    node = TestNodes.start(issuer);
  }

  @AfterAll
  static void stop() {
    node.close();
    issuer.close();
  }

  private static SignalingClient connect() throws Exception {
    return new SignalingClient(node.signalingUrl());
  }

  private static List<String> ids(JsonNode lobby) {
    List<String> ids = new ArrayList<>();
    lobby.path("waiting").forEach(w -> ids.add(w.path("id").asText()));
    return ids;
  }

  @Test
  void aPatientWhoArrivesFirstWaitsUntilTheHostLetsThemIn() throws Exception {
    try (SignalingClient patient = connect();
        SignalingClient doctor = connect()) {
      patient.join("w-first", issuer.waitingToken("w-first", "Pat", MEDIA));
      JsonNode waiting = patient.next("waiting");
      String patientId = waiting.path("self").path("id").asText();
      assertThat(waiting.path("self").path("displayName").asText()).isEqualTo("Pat");
      assertThat(waiting.path("hosts")).isEmpty();

      doctor.join("w-first", issuer.token("w-first", "Dr Ana", HOST));
      JsonNode joined = doctor.next("joined");
      assertThat(joined.path("mayAdmit").asBoolean()).isTrue();
      assertThat(joined.path("participants")).as("a waiter is not in the call").isEmpty();
      JsonNode offer = doctor.next("offer");
      JsonNode lobby = doctor.next("lobby");
      assertThat(ids(lobby)).containsExactly(patientId);
      JsonNode entry = lobby.path("waiting").get(0);
      assertThat(entry.path("displayName").asText()).isEqualTo("Pat");
      assertThat(entry.path("role").asText()).isEqualTo("participant");
      assertThat(Instant.parse(entry.path("since").asText()))
          .isBefore(Instant.now().plusSeconds(1));
      assertThat(patient.next("waiting").path("hosts").get(0).asText()).isEqualTo("Dr Ana");
      // The doctor publishes; the waiting patient is offered nothing, so it has no transport.
      doctor.send(AnswerSdp.answerTo(offer, 11L, 12L, TRANSPORT));
      assertThat(patient.collect("offer", 700)).isEmpty();

      doctor.send(admit(patientId));
      JsonNode admitted = patient.next("joined");
      assertThat(admitted.path("self").path("id").asText()).isEqualTo(patientId);
      assertThat(admitted.path("mayAdmit").asBoolean()).isFalse();
      assertThat(admitted.path("participants").get(0).path("displayName").asText())
          .isEqualTo("Dr Ana");
      assertThat(patient.next("offer").path("sdp").asText()).contains("a=ssrc:11 ", "a=ssrc:12 ");
      assertThat(ids(doctor.next("lobby"))).isEmpty();
      assertThat(doctor.next("participant-joined").path("participant").path("id").asText())
          .isEqualTo(patientId);
    }
  }

  @Test
  void aPatientWhomTheHostLetInBeforehandEntersAtOnceWithoutLettingAnyoneIn() throws Exception {
    try (SignalingClient patient = connect();
        SignalingClient guest = connect();
        SignalingClient doctor = connect()) {
      // Before the doctor is there: the token's enter grant lets the patient in, alone.
      patient.join(
          "w-enter",
          issuer.waitingToken(
              "w-enter", "Pat", EnumSet.of(Grant.PUBLISH, Grant.SUBSCRIBE, Grant.ENTER)));
      JsonNode joined = patient.next("joined");
      assertThat(joined.path("mayAdmit").asBoolean()).isFalse();
      assertThat(joined.path("participants")).isEmpty();
      patient.next("offer");
      // A guest without it still waits, and the patient cannot let them in.
      String guestId = waitIn(guest, "w-enter", "Gus");
      patient.send(admit(guestId));
      assertThat(patient.awaitClose().code()).isEqualTo(4403);

      host(doctor, "w-enter", "Dr Ana");
      awaitLobby(doctor, guestId);
    }
  }

  @Test
  void anAdmittedPersonWhoComesBackEntersAtOnceAndAWaiterWhoComesBackStillWaits() throws Exception {
    try (SignalingClient doctor = connect();
        SignalingClient patient = connect();
        SignalingClient guest = connect()) {
      host(doctor, "w-back", "Dr Ana");
      String patientId = waitIn(patient, "w-back", "Pat");
      String guestId = waitIn(guest, "w-back", "Gus");
      awaitLobby(doctor, patientId, guestId);
      doctor.send(admit(patientId));
      patient.next("joined");
      awaitLobby(doctor, guestId);

      // The patient's connection drops; a new one (a fresh token, as after a reload) enters.
      patient.close();
      doctor.next("participant-left");
      try (SignalingClient again = connect();
          SignalingClient guestAgain = connect()) {
        again.join("w-back", issuer.waitingToken("w-back", "Pat", MEDIA));
        assertThat(again.next("joined").path("participants")).hasSize(1);
        // The guest, never admitted, opens the link in a second tab: it waits, once.
        String secondId = waitIn(guestAgain, "w-back", "Gus");
        assertThat(guest.awaitClose().code()).isEqualTo(4409);
        awaitLobby(doctor, secondId);
      }
    }
  }

  @Test
  void whenTheHostLeavesTheAdmittedStayAndWaitersAreToldAndAnotherHostCanAdmit() throws Exception {
    try (SignalingClient doctor = connect();
        SignalingClient patient = connect();
        SignalingClient guest = connect()) {
      host(doctor, "w-leave", "Dr Ana");
      String patientId = waitIn(patient, "w-leave", "Pat");
      String guestId = waitIn(guest, "w-leave", "Gus");
      doctor.send(admit(patientId));
      patient.next("joined");

      doctor.send("{\"type\":\"leave\"}");
      assertThat(doctor.awaitClose().code()).isEqualTo(1000);
      assertThat(guest.next("waiting").path("hosts")).isEmpty();
      patient.next("participant-left");
      // The patient, admitted, cannot let the guest in.
      patient.send(admit(guestId));
      assertThat(patient.awaitClose())
          .isEqualTo(new SignalingClient.Closed(4403, "Only the call's host can let people in."));

      try (SignalingClient second = connect()) {
        host(second, "w-leave", "Dr Bo");
        assertThat(ids(second.next("lobby"))).containsExactly(guestId);
        second.send(admit(guestId));
        assertThat(guest.next("joined").path("self").path("id").asText()).isEqualTo(guestId);
      }
    }
  }

  @Test
  void aDeclinedPersonIsToldWhoDeclinedAndEveryoneWaitingLeavesWhenTheCallEnds() throws Exception {
    try (SignalingClient doctor = connect();
        SignalingClient patient = connect();
        SignalingClient guest = connect()) {
      host(doctor, "w-decline", "Dr Ana");
      String patientId = waitIn(patient, "w-decline", "Pat");
      String guestId = waitIn(guest, "w-decline", "Gus");
      awaitLobby(doctor, patientId, guestId);
      doctor.send("{\"type\":\"decline\",\"participantId\":\"" + guestId + "\"}");
      assertThat(guest.awaitClose())
          .isEqualTo(new SignalingClient.Closed(4406, "Dr Ana did not let you into the call."));
      awaitLobby(doctor, patientId);

      doctor.send("{\"type\":\"end\"}");
      assertThat(patient.awaitClose())
          .isEqualTo(new SignalingClient.Closed(1000, "Dr Ana ended the call."));
    }
  }

  @Test
  void badAdmissionsChangeNothingAndAWaiterCanOnlyLeave() throws Exception {
    try (SignalingClient doctor = connect();
        SignalingClient patient = connect();
        SignalingClient pushy = connect()) {
      host(doctor, "w-bad", "Dr Ana");
      String patientId = waitIn(patient, "w-bad", "Pat");

      // Someone who left meanwhile: the host is told, and stays in the call.
      doctor.send(admit("nobody"));
      JsonNode refused = doctor.next("admission-refused");
      assertThat(refused.path("participantId").asText()).isEqualTo("nobody");
      assertThat(refused.path("reason").asText()).isEqualTo("That person is no longer waiting.");

      // A waiter acting in the call is refused and leaves the waiting room.
      String pushyId = waitIn(pushy, "w-bad", "Pushy");
      awaitLobby(doctor, patientId, pushyId);
      pushy.send(admit(pushyId));
      assertThat(pushy.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4403, "You are in the waiting room until a host lets you in."));
      awaitLobby(doctor, patientId);

      // An admit that names nobody ends the host's connection, and the patient still waits.
      doctor.send("{\"type\":\"admit\",\"participantId\":42}");
      assertThat(doctor.awaitClose())
          .isEqualTo(
              new SignalingClient.Closed(
                  4400, "An admit or decline message names a waiting participant."));
      assertThat(patient.collect("joined", 300)).isEmpty();
      patient.send("{\"type\":\"leave\"}");
      assertThat(patient.awaitClose())
          .isEqualTo(new SignalingClient.Closed(1000, "You left the waiting room."));
    }
  }

  /** Joins {@code client} without the admit grant; returns its id once it waits. */
  private static String waitIn(SignalingClient client, String session, String name)
      throws Exception {
    client.join(session, issuer.waitingToken(session, name, MEDIA));
    return client.next("waiting").path("self").path("id").asText();
  }

  /** Joins {@code client} as a host, and waits until it is in the call. */
  private static void host(SignalingClient client, String session, String name) throws Exception {
    client.join(session, issuer.token(session, name, HOST));
    client.next("joined");
  }

  private static String admit(String participantId) {
    return "{\"type\":\"admit\",\"participantId\":\"" + participantId + "\"}";
  }

  /**
   * Waits for the host's {@code lobby} message listing exactly {@code ids}, in that order (the node
   * sends one on every change; the earlier ones are skipped).
   */
  private static void awaitLobby(SignalingClient host, String... ids) throws Exception {
    List<String> seen = List.of();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!seen.equals(List.of(ids))) {
      assertThat(System.nanoTime())
          .as("lobby %s, last seen %s", List.of(ids), seen)
          .isLessThan(deadline);
      seen = ids(host.next("lobby"));
    }
  }
}
