package org.medirelay.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;

class IntegrationApiTest extends AppTest {

  private static final Map<String, String> SECRET = Map.of("X-Internal-Secret", INTERNAL_SECRET);

  private Map<String, String> createBody() {
    return Map.of(
        "appointmentId", "apt_" + UUID.randomUUID(), "doctorId", "doc_456", "patientId", "usr_789");
  }

  @Test
  void withoutTheRightSecretNothingHappens() {
    Map<String, String> body = createBody();
    AppApi.Response missing = api.post("/sessions", body, (String) null);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(
            api.post("/sessions", body, Map.of("X-Internal-Secret", INTERNAL_SECRET + "x"))
                .status())
        .isEqualTo(401);
    assertThat(api.post("/sessions", body, Map.of("X-Internal-Secret", "")).status())
        .isEqualTo(401);
    // The body's problems are not revealed before the secret is checked.
    assertThat(api.post("/sessions", Map.of(), Map.of("X-Internal-Secret", "nope")).status())
        .isEqualTo(401);
    // Nothing was created: with the secret, the same appointment gets a new session (201).
    assertThat(api.post("/sessions", body, SECRET).status()).isEqualTo(201);
    assertThat(
            api.post(
                    "/sessions/sess_x/join",
                    Map.of("role", "doctor", "userId", "doc_456"),
                    (String) null)
                .status())
        .isEqualTo(401);
  }

  @Test
  void createsOnceAndIssuesJoinUrlsForTheSessionsDoctorAndPatient() {
    Map<String, String> body = createBody();
    AppApi.Response created = api.post("/sessions", body, SECRET);
    assertThat(created.status()).isEqualTo(201);
    String sessionId = created.json().get("sessionId").asString();
    assertThat(created.json().get("roomName").asString()).isEqualTo("room_" + sessionId);
    assertThat(created.json().get("baseUrl").asString())
        .isEqualTo(PUBLIC_URL + "/join/" + sessionId);
    assertThat(created.json().has("mediaNodeId")).isTrue();
    // The integration API's former name for it, still sent for backends written against it.
    assertThat(created.json().has("sfuNodeId")).isTrue();
    assertThat(created.json().get("sfuNodeId")).isEqualTo(created.json().get("mediaNodeId"));

    AppApi.Response again = api.post("/sessions", body, SECRET);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("sessionId").asString()).isEqualTo(sessionId);

    AppApi.Response doctor =
        api.post(
            "/sessions/" + sessionId + "/join",
            Map.of("role", "doctor", "userId", "doc_456"),
            SECRET);
    assertThat(doctor.status()).isEqualTo(200);
    assertThat(doctor.json().get("expiresIn").asLong()).isEqualTo(3600);
    String joinUrl = doctor.json().get("joinUrl").asString();
    assertThat(joinUrl).startsWith(PUBLIC_URL + "/join/" + sessionId + "?token=");
    AppApi.Response page =
        api.get(URI.create(joinUrl).getRawPath() + "?" + URI.create(joinUrl).getRawQuery());
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("data-role=\"host\"").contains("data-display-name=\"Doctor\"");

    AppApi.Response patient =
        api.post(
            "/sessions/" + sessionId + "/join",
            Map.of("role", "patient", "userId", "usr_789", "displayName", "Ann"),
            SECRET);
    assertThat(patient.status()).isEqualTo(200);
  }

  @Test
  void aClaimedRoleMustMatchTheSession() {
    String sessionId =
        api.post("/sessions", createBody(), SECRET).json().get("sessionId").asString();
    String path = "/sessions/" + sessionId + "/join";
    assertThat(api.post(path, Map.of("role", "doctor", "userId", "usr_789"), SECRET).status())
        .isEqualTo(403);
    assertThat(api.post(path, Map.of("role", "patient", "userId", "someone_else"), SECRET).status())
        .isEqualTo(403);
    assertThat(api.post(path, Map.of("role", "admin", "userId", "doc_456"), SECRET).status())
        .isEqualTo(400);
    assertThat(
            api.post(
                    "/sessions/sess_unknown/join",
                    Map.of("role", "doctor", "userId", "doc_456"),
                    SECRET)
                .status())
        .isEqualTo(404);
  }

  @Test
  void aGuestJoinsWithANameOfTheirOwnButNeverAsTheDoctorOrPatient() {
    String sessionId =
        api.post("/sessions", createBody(), SECRET).json().get("sessionId").asString();
    String path = "/sessions/" + sessionId + "/join";
    AppApi.Response invited =
        api.post(
            path,
            Map.of("role", "guest", "userId", "interp_1", "displayName", "Ana (interpreter)"),
            SECRET);
    assertThat(invited.status()).isEqualTo(200);
    String joinUrl = invited.json().get("joinUrl").asString();
    AppApi.Response page = api.get(joinUrl.substring(joinUrl.indexOf("/join/")));
    assertThat(page.body())
        .contains("data-display-name=\"Ana (interpreter)\"")
        .contains("data-role=\"participant\"");
    AppApi.Response nameless =
        api.post(path, Map.of("role", "guest", "userId", "interp_1"), SECRET);
    assertThat(nameless.status()).isEqualTo(400);
    assertThat(nameless.json().get("detail").asString()).contains("displayName");
    assertThat(
            api.post(
                    path, Map.of("role", "guest", "userId", "doc_456", "displayName", "Dr"), SECRET)
                .status())
        .isEqualTo(403);
  }

  @Test
  void aSessionHasAtMostFourGuestsAndAskingAgainForOneIsNoNewGuest() {
    String sessionId =
        api.post("/sessions", createBody(), SECRET).json().get("sessionId").asString();
    String path = "/sessions/" + sessionId + "/join";
    for (int i = 1; i <= 4; i++) {
      Map<String, String> guest =
          Map.of("role", "guest", "userId", "guest_" + i, "displayName", "Guest " + i);
      api.post(path, guest, SECRET).expect(200);
    }
    AppApi.Response fifth =
        api.post(
            path, Map.of("role", "guest", "userId", "guest_5", "displayName", "Guest 5"), SECRET);
    assertThat(fifth.status()).isEqualTo(409);
    assertThat(fifth.contentType()).startsWith("application/problem+json");
    assertThat(fifth.json().get("detail").asString()).contains("already has 4 guests");
    // A fresh link for a guest already invited, and the patient's own, are still given.
    api.post(path, Map.of("role", "guest", "userId", "guest_2", "displayName", "Guest 2"), SECRET)
        .expect(200);
    api.post(path, Map.of("role", "patient", "userId", "usr_789"), SECRET).expect(200);
  }

  @Test
  void theSameAppointmentCannotBeReboundToOtherPeople() {
    Map<String, String> body = createBody();
    api.post("/sessions", body, SECRET);
    Map<String, String> changed =
        Map.of(
            "appointmentId",
            body.get("appointmentId"),
            "doctorId",
            "doc_other",
            "patientId",
            "usr_789");
    assertThat(api.post("/sessions", changed, SECRET).status()).isEqualTo(409);
  }
}
