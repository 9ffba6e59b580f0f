package org.medirelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.medirelay.support.AppTest;
import org.medirelay.testkit.AppApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoOperations;

class OperationsTest extends AppTest {

  @Autowired MongoOperations mongo;

  @Test
  void healthIsPublicAndMetricsServeThisMachine() {
    AppApi.Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asString()).isEqualTo("UP");
    assertThat(api.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
    AppApi.Response metrics = api.get("/actuator/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("http_server_requests_seconds")
        .contains("jvm_memory_used_bytes");
    // Other actuator endpoints are not exposed.
    assertThat(api.get("/actuator/env", admin().token()).status()).isEqualTo(404);
  }

  /** Every page's browser asks for it: a 404 on each page load fills the logs and the console. */
  @Test
  void theFaviconIsServedToAnyone() {
    AppApi.Response icon = api.get("/favicon.ico");
    assertThat(icon.status()).isEqualTo(200);
    assertThat(icon.contentType()).startsWith("image/");
  }

  /** Outside development mode (this test app) the API documentation is for administrators. */
  @Test
  void apiDocsAreForAdministratorsOutsideDevelopmentMode() {
    String patient = register("patient").token();
    for (String path : List.of("/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
      AppApi.Response anonymous = api.get(path);
      assertThat(anonymous.status()).as(path).isEqualTo(401);
      assertThat(anonymous.contentType()).startsWith("application/problem+json");
      assertThat(api.get(path, patient).status()).as(path).isEqualTo(403);
    }
    String admin = admin().token();
    AppApi.Response docs = api.get("/v3/api-docs", admin);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.json().get("paths").has("/api/appointments/{id}/session")).isTrue();
    assertThat(docs.json().get("paths").has("/sessions/{sessionId}/join")).isTrue();
    assertThat(api.get("/swagger-ui/index.html", admin).status()).isEqualTo(200);
  }

  @Test
  void uniqueIndexesExistFromTheStart() {
    assertThat(uniqueIndexKeys("users")).contains("email");
    assertThat(uniqueIndexKeys("appointments")).contains("slotKey");
    assertThat(uniqueIndexKeys("video_sessions")).contains("appointmentKey");
  }

  @Test
  void securityEventsAreAudited() {
    Account patient = register("patient");
    api.post(
        "/api/auth/login",
        Map.of("email", patient.email(), "password", "wrong wrong wrong"),
        (String) null);
    AppApi.Response events = api.get("/api/audit?userId=" + patient.id(), admin().token());
    assertThat(events.body())
        .contains("ACCOUNT_REGISTERED")
        .contains("LOGIN_SUCCEEDED")
        .doesNotContain(PASSWORD);
    assertThat(api.get("/api/audit?limit=1000", admin().token()).body()).contains("LOGIN_FAILED");
    assertThat(api.get("/actuator/prometheus").body())
        .contains("medirelay_security_events_total{type=\"LOGIN_FAILED\"}");
  }

  private List<String> uniqueIndexKeys(String collection) {
    return mongo.getCollection(collection).listIndexes().into(new ArrayList<Document>()).stream()
        .filter(index -> Boolean.TRUE.equals(index.getBoolean("unique")))
        .flatMap(index -> index.get("key", Document.class).keySet().stream())
        .toList();
  }
}
