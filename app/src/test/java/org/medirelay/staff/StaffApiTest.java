package org.medirelay.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Administrators create, find, disable and enable staff accounts; invited staff set a password. */
class StaffApiTest extends AppTest {

  @Autowired MongoOperations mongo;
  @Autowired PasswordEncoder passwords;

  private static String newEmail(String prefix) {
    return prefix + "-" + UUID.randomUUID() + "@test.medirelay";
  }

  private AppApi.Response createStaff(String email, String name, String role, String password) {
    Map<String, String> body =
        password == null
            ? Map.of("email", email, "displayName", name, "role", role)
            : Map.of("email", email, "displayName", name, "role", role, "password", password);
    return api.post("/api/admin/users", body, adminToken());
  }

  @Test
  void anAdministratorCreatesADoctorWhoIsListedToPatientsAndSignsIn() {
    String email = newEmail("Dr.Real");
    String name = "Dr Real " + UUID.randomUUID().toString().substring(0, 6);
    AppApi.Response created = createStaff(email, name, "doctor", PASSWORD);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode user = created.json().get("user");
    assertThat(user.get("email").asString()).isEqualTo(email.toLowerCase());
    assertThat(user.get("role").asString()).isEqualTo("doctor");
    assertThat(user.get("disabled").asBoolean()).isFalse();
    assertThat(created.body()).doesNotContain("passwordHash").doesNotContain(PASSWORD);

    Account doctor = login(email);
    assertThat(doctor.id()).isEqualTo(user.get("id").asString());
    Account patient = register("patient");
    assertThat(api.get("/api/doctors", patient.token()).body()).contains(name);
    assertThat(api.get("/api/audit?userId=" + doctor.id(), adminToken()).body())
        .contains("STAFF_CREATED")
        .contains("role=doctor");

    AppApi.Response admin = createStaff(newEmail("admin"), "Second Admin", "admin", PASSWORD);
    assertThat(admin.status()).isEqualTo(201);
    assertThat(admin.json().get("user").get("role").asString()).isEqualTo("admin");
  }

  @Test
  void onlyAdministratorsManageUsers() {
    Account patient = register("patient");
    Account doctor = register("doctor");
    Map<String, String> body =
        Map.of("email", newEmail("x"), "displayName", "Dr Fake", "role", "doctor");
    for (String token : new String[] {patient.token(), doctor.token()}) {
      AppApi.Response refused = api.post("/api/admin/users", body, token);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(api.get("/api/admin/users", token).status()).isEqualTo(403);
      assertThat(api.post("/api/admin/users/" + patient.id() + "/disable", "", token).status())
          .isEqualTo(403);
      assertThat(api.get("/api/admin/mail", token).status()).isEqualTo(403);
    }
    assertThat(api.post("/api/admin/users", body, (String) null).status()).isEqualTo(401);
    assertThat(api.get("/api/admin/users").status()).isEqualTo(401);
  }

  @Test
  void staffRequestsAreValidated() {
    String email = newEmail("v");
    assertThat(createStaff("not-an-email", "Dr V", "doctor", PASSWORD).status()).isEqualTo(400);
    assertThat(createStaff(email, " ", "doctor", PASSWORD).status()).isEqualTo(400);
    assertThat(createStaff(email, "Dr V", "doctor", "short").status()).isEqualTo(400);
    assertThat(createStaff(email, "Dr V", "wizard", PASSWORD).status()).isEqualTo(400);
    AppApi.Response patient = createStaff(email, "Dr V", "patient", PASSWORD);
    assertThat(patient.status()).isEqualTo(400);
    assertThat(patient.json().get("detail").asString()).contains("doctor or admin");
    assertThat(createStaff(email, "Dr V", "doctor", PASSWORD).status()).isEqualTo(201);
    AppApi.Response twice = createStaff(email.toUpperCase(), "Dr V", "doctor", PASSWORD);
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.contentType()).startsWith("application/problem+json");
  }

  @Test
  void searchFindsAccountsByNameOrEmailAndRole() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    createStaff(newEmail("s"), "Dr Searchable " + tag, "doctor", PASSWORD);
    String email = "nurse-" + tag + "@test.medirelay";
    createStaff(email, "Head Nurse", "admin", PASSWORD);

    JsonNode byName = api.get("/api/admin/users?q=searchable%20" + tag, adminToken()).json();
    assertThat(byName).hasSize(1);
    assertThat(byName.get(0).get("name").asString()).isEqualTo("Dr Searchable " + tag);
    assertThat(api.get("/api/admin/users?q=" + tag, adminToken()).json()).hasSize(2);
    JsonNode admins = api.get("/api/admin/users?q=" + tag + "&role=admin", adminToken()).json();
    assertThat(admins).hasSize(1);
    assertThat(admins.get(0).get("email").asString()).isEqualTo(email);
    // An empty role, as a form's "any" sends it, is no filter.
    assertThat(api.get("/api/admin/users?q=" + tag + "&role=", adminToken()).json()).hasSize(2);
    // The text is matched literally, not as a pattern.
    assertThat(api.get("/api/admin/users?q=.*", adminToken()).json()).isEmpty();
    assertThat(api.get("/api/admin/users?limit=0", adminToken()).status()).isEqualTo(400);
  }

  @Test
  void aDisabledUserCannotSignInAndTheTokensTheyHeldStopWorking() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    assertThat(api.get("/api/users/profile", doctor.token()).status()).isEqualTo(200);

    AppApi.Response disabled =
        api.post("/api/admin/users/" + doctor.id() + "/disable", "", adminToken());
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
    assertThat(api.get("/api/users/profile", doctor.token()).status()).isEqualTo(401);
    AppApi.Response login =
        api.post(
            "/api/auth/login",
            Map.of("email", doctor.email(), "password", PASSWORD),
            (String) null);
    assertThat(login.status()).isEqualTo(403);
    assertThat(login.json().get("detail").asString()).contains("disabled");
    // A wrong password still gets the usual answer: only the password's owner learns the state.
    AppApi.Response wrong =
        api.post(
            "/api/auth/login",
            Map.of("email", doctor.email(), "password", "not the password"),
            (String) null);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(api.get("/api/doctors", patient.token()).body()).doesNotContain(doctor.id());
    assertThat(api.get("/api/admin/users?q=" + doctor.email(), adminToken()).body())
        .contains("\"disabled\":true");

    AppApi.Response enabled =
        api.post("/api/admin/users/" + doctor.id() + "/enable", "", adminToken());
    assertThat(enabled.status()).isEqualTo(200);
    assertThat(enabled.json().get("disabled").asBoolean()).isFalse();
    // Tokens from before stay dead; a new sign-in works.
    assertThat(api.get("/api/users/profile", doctor.token()).status()).isEqualTo(401);
    assertThat(api.get("/api/users/profile", login(doctor.email()).token()).status())
        .isEqualTo(200);
    assertThat(api.get("/api/audit?userId=" + doctor.id(), adminToken()).body())
        .contains("USER_DISABLED")
        .contains("USER_ENABLED");
    assertThat(api.post("/api/admin/users/nobody/disable", "", adminToken()).status())
        .isEqualTo(404);
  }

  @Test
  void anAdministratorCannotDisableThemselves() {
    Account admin = register("admin");
    AppApi.Response refused =
        api.post("/api/admin/users/" + admin.id() + "/disable", "", admin.token());
    assertThat(refused.status()).isEqualTo(409);
    assertThat(api.get("/api/users/profile", admin.token()).status()).isEqualTo(200);
  }

  @Test
  void anInvitedDoctorChoosesTheirOwnPasswordOnce() {
    String email = newEmail("invited");
    AppApi.Response created = createStaff(email, "Dr Invited", "doctor", null);
    assertThat(created.status()).isEqualTo(201);
    String url = created.json().get("invitationUrl").asString();
    assertThat(url).startsWith(PUBLIC_URL + "/app/invitation.html#token=");
    assertThat(Instant.parse(created.json().get("invitationExpiresAt").asString()))
        .isAfter(Instant.now().plusSeconds(3600));
    // No password works before the invitation is used.
    assertThat(
            api.post("/api/auth/login", Map.of("email", email, "password", ""), (String) null)
                .status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), (String) null)
                .status())
        .isEqualTo(401);
    // The link also went out by mail (the outbox, as no mail server is configured).
    String mailed = api.get("/api/admin/mail?to=" + email.toLowerCase(), adminToken()).body();
    assertThat(mailed).contains(url).contains("Your MediRelay account");
    assertThat(api.get("/api/audit?limit=1000", adminToken()).body())
        .contains("MAIL_QUEUED")
        .doesNotContain(url);

    String token = URI.create(url).getFragment().substring("token=".length());
    assertThat(accept(token, "short").status()).isEqualTo(400);
    AppApi.Response accepted = accept(token, PASSWORD);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().get("email").asString()).isEqualTo(email.toLowerCase());
    assertThat(login(email).token()).isNotBlank();
    AppApi.Response again = accept(token, "another password!");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("detail").asString()).contains("expired or has been used");
    assertThat(accept("made-up-token", PASSWORD).status()).isEqualTo(404);

    // A new link replaces the old one and resets the password.
    String id = accepted.json().get("id").asString();
    AppApi.Response reissued = api.post("/api/admin/users/" + id + "/invitation", "", adminToken());
    assertThat(reissued.status()).isEqualTo(201);
    String second = URI.create(reissued.json().get("invitationUrl").asString()).getFragment();
    assertThat(accept(second.substring("token=".length()), "a new password!").status())
        .isEqualTo(200);
    assertThat(
            api.post(
                    "/api/auth/login",
                    Map.of("email", email, "password", "a new password!"),
                    (String) null)
                .status())
        .isEqualTo(200);
  }

  @Test
  void anAdministratorResetsAPatientsPasswordThroughAMailedLink() {
    Account patient = register("patient");
    AppApi.Response refused =
        api.post("/api/admin/users/" + patient.id() + "/password-reset", "", patient.token());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(api.post("/api/admin/users/no-such-user/password-reset", "", adminToken()).status())
        .isEqualTo(404);

    Instant before = Instant.now();
    JsonNode reset =
        api.post("/api/admin/users/" + patient.id() + "/password-reset", "", adminToken())
            .expect(201);
    String url = reset.get("invitationUrl").asString();
    assertThat(url).startsWith(PUBLIC_URL + "/app/invitation.html#token=");
    String mailed = api.get("/api/admin/mail?to=" + patient.email(), adminToken()).body();
    assertThat(mailed).contains(url).contains("Reset your MediRelay password");
    // The old password works until the new one is chosen.
    assertThat(login(patient.email()).token()).isNotBlank();
    String token = URI.create(url).getFragment().substring("token=".length());
    assertThat(accept(token, "a fresh password!").status()).isEqualTo(200);
    assertThat(
            api.post(
                    "/api/auth/login",
                    Map.of("email", patient.email(), "password", "a fresh password!"),
                    (String) null)
                .status())
        .isEqualTo(200);

    // The audit log, filtered as the console does.
    JsonNode events =
        api.get(
                "/api/audit?type=PASSWORD_RESET_ISSUED&userId="
                    + patient.id()
                    + "&from="
                    + before.minusSeconds(1),
                adminToken())
            .expect(200);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).get("subject").asString()).isEqualTo(patient.email());
    assertThat(events.get(0).get("detail").asString()).doesNotContain(token);
    assertThat(
            api
                .get("/api/audit?type=PASSWORD_RESET_ISSUED&to=" + before, adminToken())
                .expect(200)
                .findValues("userId")
                .stream()
                .map(JsonNode::asString))
        .doesNotContain(patient.id());
    AppApi.Response badType = api.get("/api/audit?type=NOT_A_TYPE", adminToken());
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.contentType()).startsWith("application/problem+json");
    assertThat(api.get("/api/audit/types", adminToken()).body()).contains("PASSWORD_RESET_ISSUED");
    assertThat(api.get("/api/audit/types", patient.token()).status()).isEqualTo(403);
  }

  /** Users stored before accounts could be disabled (no disabledAt, no tokenGeneration) sign in. */
  @Test
  void accountsStoredBeforeThisChangeStillSignIn() {
    String email = newEmail("old");
    mongo.insert(
        new Document("_id", new ObjectId())
            .append("name", "Old Doctor")
            .append("email", email)
            .append("passwordHash", passwords.encode(PASSWORD))
            .append("role", "DOCTOR")
            .append("createdAt", Instant.now()),
        "users");
    Account old = login(email);
    assertThat(api.get("/api/users/profile", old.token()).json().get("disabled").asBoolean())
        .isFalse();
  }

  private AppApi.Response accept(String token, String password) {
    return api.post(
        "/api/auth/invitation", Map.of("token", token, "password", password), (String) null);
  }
}
