package org.medirelay.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A signed-in user's event stream ({@code GET /api/events}), read as the dashboard's fetch reads
 * it: server-sent events, an {@code event:} and a {@code data:} line each, parsed as they arrive on
 * a thread of its own. Close it to end the connection.
 */
public final class AppEvents implements AutoCloseable {

  /** One event: its name and its JSON data. */
  public record Event(String type, JsonNode data) {}

  private final BlockingQueue<Event> arrived = new LinkedBlockingQueue<>();
  private final List<Event> skipped = new ArrayList<>();
  private final HttpResponse<Stream<String>> response;

  /** Opens the stream with the user's access token; fails unless the app answers 200. */
  public AppEvents(AppApi api, String token) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(api.base() + "/api/events"))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /api/events answered " + response.statusCode());
    }
    Thread reader = new Thread(this::read, "app-events");
    reader.setDaemon(true);
    reader.start();
  }

  public String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  private void read() {
    String type = null;
    StringBuilder data = new StringBuilder();
    try {
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (line.isEmpty()) {
          if (type != null) {
            arrived.add(new Event(type, AppApi.JSON.readTree(data.toString())));
          }
          type = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          type = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).strip());
        }
      }
    } catch (RuntimeException closed) {
      // close() cancels the body under the reader.
    }
  }

  /**
   * The next event of this type whose data matches, within the time; fails with what came instead.
   * Events passed over stay for later calls.
   */
  public Event next(String type, Predicate<JsonNode> matching, Duration within)
      throws InterruptedException {
    for (Event earlier : List.copyOf(skipped)) {
      if (earlier.type().equals(type) && matching.test(earlier.data())) {
        skipped.remove(earlier);
        return earlier;
      }
    }
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event event = left > 0 ? arrived.poll(left, TimeUnit.NANOSECONDS) : null;
      if (event == null) {
        throw new AssertionError("no " + type + " event within " + within + "; saw " + skipped);
      }
      if (event.type().equals(type) && matching.test(event.data())) {
        return event;
      }
      skipped.add(event);
    }
  }

  /** The next event of this type about the object with this {@code id} (a ring), within 10 s. */
  public Event about(String type, String id) throws InterruptedException {
    return next(type, data -> id.equals(data.path("id").asString()), Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    response.body().close();
  }
}
