package org.medirelay.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;

/** Bad input gets a 4xx problem document, never a 500, and changes nothing. */
class ProblemDetailsTest extends AppTest {

  @Test
  void malformedJsonIsABadRequest() {
    Account patient = register("patient");
    assertProblem(api.post("/api/appointments", "{\"doctorId\": ", patient.token()), 400);
    assertProblem(api.post("/api/auth/login", "not json at all", (String) null), 400);
    assertProblem(api.post("/api/appointments", "", patient.token()), 400);
    assertThat(api.get("/api/appointments?all=true", patient.token()).json()).isEmpty();
  }

  @Test
  void wrongTypesAreBadRequests() {
    Account doctor = register("doctor");
    Account patient = register("patient");
    assertProblem(
        api.post(
            "/api/doctors/" + doctor.id() + "/availability",
            Map.of("start", 12, "end", "soon", "slotMinutes", "x"),
            doctor.token()),
        400);
    assertProblem(
        api.post(
            "/api/appointments",
            Map.of("doctorId", Map.of("$ne", ""), "start", "2030-01-01T10:00:00Z"),
            patient.token()),
        400);
    assertProblem(
        api.get("/api/doctors/" + doctor.id() + "/slots?from=yesterday", patient.token()), 400);
    assertProblem(api.get("/api/appointments?all=maybe", patient.token()), 400);
    assertProblem(api.put("/api/appointments/x/status", "[1,2]", patient.token()), 400);
  }

  @Test
  void oversizedBodiesAreRefusedBeforeParsing() {
    String huge = "{\"email\":\"" + "a".repeat(70_000) + "\",\"password\":\"x\"}";
    assertProblem(api.post("/api/auth/login", huge, (String) null), 413);
    // Also without a Content-Length (chunked).
    HttpRequest.Builder chunked =
        api.builder("/api/auth/register")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(huge.getBytes())));
    assertProblem(api.send(chunked), 413);
  }

  @Test
  void unknownIdsAndPathsAreNotFound() {
    Account patient = register("patient");
    assertProblem(api.get("/api/appointments/does-not-exist", patient.token()), 404);
    assertProblem(api.get("/api/appointments/0123456789abcdef01234567", patient.token()), 404);
    assertProblem(api.get("/api/appointments/%24where", patient.token()), 404);
    assertProblem(api.get("/api/doctors/nobody/slots", patient.token()), 404);
    assertProblem(api.get("/api/no-such-thing", patient.token()), 404);
    assertProblem(
        api.put("/api/appointments/nope/status", Map.of("status", "cancelled"), patient.token()),
        404);
  }

  @Test
  void wrongMethodsAndMediaTypesAreClientErrors() {
    Account patient = register("patient");
    assertProblem(
        api.send(
            api.builder("/api/appointments")
                .header("Authorization", "Bearer " + patient.token())
                .DELETE()),
        405);
    assertProblem(
        api.send(
            api.builder("/api/auth/login")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("email=x"))),
        415);
  }
}
