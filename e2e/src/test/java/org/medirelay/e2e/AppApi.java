package org.medirelay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The app's HTTP API as a clinic's browser or backend calls it: JSON in, JSON out, status checked.
 */
final class AppApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AppApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonNode post(String path, String bearer, Object body, int expectedStatus) throws Exception {
    return send("POST", path, authorization(bearer), body, expectedStatus);
  }

  /**
   * A call of the integration API, as the clinic's backend makes it: with the shared
   * X-Internal-Secret.
   */
  JsonNode postAsClinicBackend(String path, String internalSecret, Object body, int expectedStatus)
      throws Exception {
    return send("POST", path, Map.of("X-Internal-Secret", internalSecret), body, expectedStatus);
  }

  JsonNode put(String path, String bearer, Object body, int expectedStatus) throws Exception {
    return send("PUT", path, authorization(bearer), body, expectedStatus);
  }

  JsonNode get(String path, String bearer, int expectedStatus) throws Exception {
    return send("GET", path, authorization(bearer), null, expectedStatus);
  }

  /**
   * Waits until the admin's node list shows {@code nodeId} satisfying {@code condition}; false when
   * it does not within {@code timeout}.
   */
  boolean awaitMediaNode(
      String adminToken, String nodeId, Predicate<JsonNode> condition, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode node : get("/api/media-nodes", adminToken, 200)) {
        if (nodeId.equals(node.get("id").asText()) && condition.test(node)) {
          return true;
        }
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** Registers an account and signs in; returns {token, user}. */
  JsonNode signUp(String name, String email, String role) throws Exception {
    String password = "a long enough passphrase " + email;
    post(
        "/api/auth/register",
        null,
        Map.of("name", name, "email", email, "password", password, "role", role),
        201);
    return post("/api/auth/login", null, Map.of("email", email, "password", password), 200);
  }

  int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static Map<String, String> authorization(String bearer) {
    return bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer);
  }

  private JsonNode send(
      String method, String path, Map<String, String> headers, Object body, int expectedStatus)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
    headers.forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s → %s", method, path, response.body())
        .isEqualTo(expectedStatus);
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }
}
