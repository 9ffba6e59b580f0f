package org.medirelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running server, JSON in and out. */
public final class Api {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  /** A response: status, headers and the body (parsed when it is JSON). */
  public record Response(int status, HttpResponse<String> raw) {
    Response withStatus() {
      return new Response(raw.statusCode(), raw);
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
  }

  private final String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
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

  public Response put(String path, Object body, String token) {
    return send(request(path, token, Map.of("Content-Type", "application/json")).PUT(body(body)));
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
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    headers.forEach(builder::header);
    return builder;
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      return new Response(0, client.send(builder.build(), HttpResponse.BodyHandlers.ofString()))
          .withStatus();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder builder(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }
}
