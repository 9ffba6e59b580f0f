package org.medirelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app's HTTP API as its browsers and a clinic's backend call it, for tests: real requests to a
 * running app, JSON in and out. The app's own tests and the end-to-end tests both use it.
 */
public final class AppApi {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  /** A response: status, headers and the body (parsed when it is JSON). */
  public record Response(HttpResponse<String> raw) {

    public int status() {
      return raw.statusCode();
    }

    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    /**
     * The body as JSON once the status is {@code expected}; otherwise fails with the request, the
     * status and the body.
     */
    public JsonNode expect(int expected) {
      if (status() != expected) {
        HttpRequest request = raw.request();
        throw new AssertionError(
            request.method()
                + " "
                + request.uri().getRawPath()
                + " → "
                + status()
                + " (expected "
                + expected
                + "): "
                + body());
      }
      return body().isEmpty() ? JSON.nullNode() : json();
    }
  }

  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The app at {@code base}, e.g. {@code http://127.0.0.1:8080}. */
  public AppApi(String base) {
    this.base = base;
  }

  /** The app on this machine's loopback address at {@code port}. */
  public AppApi(int port) {
    this("http://127.0.0.1:" + port);
  }

  public String base() {
    return base;
  }

  public Response get(String path, String token) {
    return send(request(path, token, Map.of()).GET());
  }

  public Response get(String path) {
    return get(path, null);
  }

  public Response post(String path, Object body, String token) {
    return send(request(path, token, Map.of("Content-Type", "application/json")).POST(body(body)));
  }

  public Response post(String path, Object body, Map<String, String> headers) {
    return send(
        request(path, null, Map.of("Content-Type", "application/json"))
            .headers(flat(headers))
            .POST(body(body)));
  }

  /** A call of the integration API as a clinic's backend makes it: with its X-Internal-Secret. */
  public Response postAsClinicBackend(String path, Object body, String internalSecret) {
    return post(path, body, Map.of("X-Internal-Secret", internalSecret));
  }

  /** A read of the integration API as a clinic's backend makes it: with its X-Internal-Secret. */
  public Response getAsClinicBackend(String path, String internalSecret) {
    return send(request(path, null, Map.of()).header("X-Internal-Secret", internalSecret).GET());
  }

  public Response put(String path, Object body, String token) {
    return send(request(path, token, Map.of("Content-Type", "application/json")).PUT(body(body)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token, Map.of()).DELETE());
  }

  /** Signs in; returns {@code {token, user}}. */
  public JsonNode login(String email, String password) {
    return post("/api/auth/login", Map.of("email", email, "password", password), (String) null)
        .expect(200);
  }

  /**
   * A patient signs up (the only accounts one makes oneself) and signs in; returns {@code {token,
   * user}}. Registration answers 202 whether or not the email was new, so the sign-in is what
   * tells.
   */
  public JsonNode signUp(String name, String email, String password) {
    Map<String, String> account = Map.of("name", name, "email", email, "password", password);
    post("/api/auth/register", account, (String) null).expect(202);
    return login(email, password);
  }

  /**
   * An administrator creates a doctor's or administrator's account (no one signs up as one), who
   * then signs in; returns {@code {token, user}}.
   */
  public JsonNode createStaff(
      String adminToken, String name, String email, String password, String role) {
    Map<String, String> account =
        Map.of("displayName", name, "email", email, "password", password, "role", role);
    post("/api/admin/users", account, adminToken).expect(201);
    return login(email, password);
  }

  /**
   * Solves the proof of work that a 429 sign-in answer asks for ({@code challenge}, {@code bits}),
   * as the browser does: a nonce such that SHA-256 of {@code challenge:nonce} starts with {@code
   * bits} zero bits. Returns the {@code proof} to send with the next sign-in.
   */
  public static Map<String, String> proofOfWork(JsonNode problem) {
    String challenge = problem.get("challenge").asString();
    int bits = problem.get("bits").asInt();
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (long nonce = 0; ; nonce++) {
        byte[] hash = sha256.digest((challenge + ":" + nonce).getBytes(StandardCharsets.UTF_8));
        if (new BigInteger(1, hash).bitLength() <= hash.length * 8 - bits) {
          return Map.of("challenge", challenge, "nonce", Long.toString(nonce));
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A doctor publishes slots of {@code slotMinutes} from {@code start} to {@code end}. */
  public Response publishSlots(
      String doctorId, String doctorToken, Instant start, Instant end, int slotMinutes) {
    Map<String, Object> window =
        Map.of("start", start.toString(), "end", end.toString(), "slotMinutes", slotMinutes);
    return post("/api/doctors/" + doctorId + "/availability", window, doctorToken);
  }

  private static String[] flat(Map<String, String> headers) {
    return headers.entrySet().stream()
        .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
  }

  private static HttpRequest.BodyPublisher body(Object body) {
    String text = body instanceof String s ? s : JSON.writeValueAsString(body);
    return HttpRequest.BodyPublishers.ofString(text);
  }

  private HttpRequest.Builder request(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder builder = builder(path);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    headers.forEach(builder::header);
    return builder;
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      return new Response(client.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request to {@code path} of the app, for what the methods above do not cover. */
  public HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }
}
