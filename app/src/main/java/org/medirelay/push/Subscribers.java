package org.medirelay.push;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The event streams open on this app instance, by user. A user may have a few (tabs, pages); past
 * {@link #MAX_PER_USER} the oldest is closed, so one account cannot hold an unbounded number of
 * connections. A stream whose send fails (the browser went away) is dropped.
 */
@Component
class Subscribers {

  static final int MAX_PER_USER = 5;

  /**
   * A stream ends after this and the browser opens a new one: no connection lives forever, and an
   * access token that has expired or was revoked meanwhile is refused at the reconnection.
   */
  static final Duration LIFETIME = Duration.ofMinutes(30);

  private final Map<String, Deque<SseEmitter>> streams = new ConcurrentHashMap<>();

  /** Opens a stream for the user; it is registered until it completes, times out or fails. */
  SseEmitter open(String userId) {
    SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
    Deque<SseEmitter> own =
        streams.compute(
            userId,
            (id, existing) -> {
              Deque<SseEmitter> added = existing == null ? new ConcurrentLinkedDeque<>() : existing;
              added.addLast(emitter);
              return added;
            });
    Runnable forget = () -> forget(userId, emitter);
    emitter.onCompletion(forget);
    // At its lifetime's end the stream completes normally: the browser reconnects.
    emitter.onTimeout(emitter::complete);
    emitter.onError(error -> forget.run());
    while (own.size() > MAX_PER_USER) {
      SseEmitter oldest = own.pollFirst();
      if (oldest != null) {
        oldest.complete();
      }
    }
    return emitter;
  }

  boolean isEmpty() {
    return streams.isEmpty();
  }

  /** Sends the event to every stream of its users that is open here. */
  void deliver(PushEvent event) {
    for (String userId : event.userIds()) {
      Deque<SseEmitter> own = streams.get(userId);
      if (own != null) {
        own.forEach(emitter -> send(userId, emitter, event));
      }
    }
  }

  /** Sends events to one stream only (what it is told as it opens). */
  void deliver(String userId, SseEmitter emitter, List<PushEvent> events) {
    for (PushEvent event : events) {
      send(userId, emitter, event);
    }
  }

  /** A comment line on every stream: proxies keep the connection, and dead ones are found. */
  void keepAlive() {
    streams.forEach(
        (userId, own) -> {
          for (SseEmitter emitter : own) {
            try {
              emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException gone) {
              forget(userId, emitter);
            }
          }
        });
  }

  /**
   * Ends every stream, as the app stops: an open stream would otherwise hold the graceful shutdown
   * for its whole timeout. The browsers reconnect, to another instance if there is one.
   */
  void closeAll() {
    streams.values().forEach(own -> own.forEach(SseEmitter::complete));
    streams.clear();
  }

  private void send(String userId, SseEmitter emitter, PushEvent event) {
    try {
      emitter.send(
          SseEmitter.event().name(event.type()).data(event.data(), MediaType.APPLICATION_JSON));
    } catch (IOException | IllegalStateException gone) {
      forget(userId, emitter);
    }
  }

  private void forget(String userId, SseEmitter emitter) {
    streams.computeIfPresent(
        userId,
        (id, own) -> {
          own.remove(emitter);
          return own.isEmpty() ? null : own;
        });
  }
}
