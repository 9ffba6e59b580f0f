package org.medirelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;

class AuthApiTest extends AppTest {

  @Test
  void registerLoginAndReadProfile() {
    Account patient = register("patient");
    AppApi.Response profile = api.get("/api/users/profile", patient.token());
    assertThat(profile.status()).isEqualTo(200);
    assertThat(profile.json().get("email").asString()).isEqualTo(patient.email());
    assertThat(profile.json().get("role").asString()).isEqualTo("patient");
    assertThat(profile.body()).doesNotContain("password");
  }

  /** Anyone may sign up as a patient; doctors and administrators come from an administrator. */
  @Test
  void registrationCreatesPatientsOnly() {
    for (String role : new String[] {"doctor", "admin"}) {
      String email = "m-" + UUID.randomUUID() + "@x.org";
      AppApi.Response response =
          api.post(
              "/api/auth/register",
              Map.of("name", "Dr Fake Person", "email", email, "password", PASSWORD, "role", role),
              (String) null);
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.contentType()).startsWith("application/problem+json");
      assertThat(response.json().get("detail").asString())
          .contains("Only patients sign up here")
          .contains("administrator");
      AppApi.Response login =
          api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD), (String) null);
      assertThat(login.status()).isEqualTo(401);
    }
    Account patient = register("patient");
    assertThat(api.get("/api/doctors", patient.token()).body()).doesNotContain("Dr Fake Person");
  }

  @Test
  void theConfiguredAdministratorCanSignIn() {
    Account admin = admin();
    assertThat(api.get("/api/users/profile", admin.token()).json().get("role").asString())
        .isEqualTo("admin");
  }

  /**
   * A known and an unknown email get the same answer, so registration tells no one who has an
   * account; the owner of the known one hears of it by mail, and their account is unchanged.
   */
  @Test
  void registeringAKnownOrAnUnknownEmailAnswersAlike() {
    Account patient = register("patient");
    AppApi.Response known = registerPatient(patient.email().toUpperCase(), "another password!");
    AppApi.Response unknown =
        registerPatient("new-" + UUID.randomUUID() + "@test.medirelay", "another password!");
    assertThat(known.status()).isEqualTo(202);
    assertThat(unknown.status()).isEqualTo(known.status());
    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(unknown.contentType()).isEqualTo(known.contentType());
    assertThat(known.body()).doesNotContain("exists").doesNotContain(patient.id());

    assertThat(login(patient.email()).id()).isEqualTo(patient.id());
    AppApi.Response taken =
        api.post(
            "/api/auth/login",
            Map.of("email", patient.email(), "password", "another password!"),
            (String) null);
    assertThat(taken.status()).isEqualTo(401);
    assertThat(api.get("/api/admin/mail?to=" + patient.email(), adminToken()).body())
        .contains("Someone tried to sign up to MediRelay with your email");
    assertThat(api.get("/api/audit?limit=1000", adminToken()).body())
        .contains("REGISTRATION_EMAIL_TAKEN");
  }

  private AppApi.Response registerPatient(String email, String password) {
    return api.post(
        "/api/auth/register",
        Map.of("name", "Twin", "email", email, "password", password),
        (String) null);
  }

  @Test
  void weakOrMissingFieldsAreRefused() {
    AppApi.Response weak =
        api.post(
            "/api/auth/register",
            Map.of(
                "name",
                "Weak",
                "email",
                "w-" + UUID.randomUUID() + "@x.org",
                "password",
                "short",
                "role",
                "patient"),
            (String) null);
    assertThat(weak.status()).isEqualTo(400);
    AppApi.Response badRole =
        api.post(
            "/api/auth/register",
            Map.of(
                "name",
                "Odd",
                "email",
                "o-" + UUID.randomUUID() + "@x.org",
                "password",
                PASSWORD,
                "role",
                "wizard"),
            (String) null);
    assertThat(badRole.status()).isEqualTo(400);
  }

  @Test
  void wrongPasswordIsUnauthorized() {
    Account patient = register("patient");
    AppApi.Response response =
        api.post(
            "/api/auth/login",
            Map.of("email", patient.email(), "password", "not the password"),
            (String) null);
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("status").asInt()).isEqualTo(401);
  }

  @Test
  void profileNeedsAValidToken() {
    assertThat(api.get("/api/users/profile").status()).isEqualTo(401);
    assertThat(api.get("/api/users/profile", "not-a-jwt").status()).isEqualTo(401);
    Account patient = register("patient");
    String[] parts = patient.token().split("\\.");
    String unsigned = "eyJhbGciOiJub25lIn0." + parts[1] + ".";
    assertThat(api.get("/api/users/profile", unsigned).status()).isEqualTo(401);
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertThat(api.get("/api/users/profile", tampered).status()).isEqualTo(401);
  }
}
