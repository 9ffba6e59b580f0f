package org.medirelay.push;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medirelay.auth.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/events}: the signed-in patient's or doctor's event stream (server-sent events).
 * It is authenticated like every API call, with {@code Authorization: Bearer}: the browser reads it
 * with {@code fetch} (static/shared/events.js), not {@code EventSource}, which cannot send that
 * header, so the access token never goes into a URL that servers and proxies log.
 */
@RestController
class EventStreamController {

  private final Subscribers subscribers;
  private final EventFeed feed;

  EventStreamController(Subscribers subscribers, EventFeed feed) {
    this.subscribers = subscribers;
    this.feed = feed;
  }

  @GetMapping(path = "/api/events", produces = "text/event-stream")
  SseEmitter events(@AuthenticationPrincipal CurrentUser user, HttpServletResponse response) {
    // nginx would otherwise hold the events in its buffer.
    response.setHeader("X-Accel-Buffering", "no");
    response.setHeader("Cache-Control", "no-store");
    SseEmitter emitter = subscribers.open(user.id());
    PushEvent ready = new PushEvent("ready", Set.of(user.id()), "ready", Map.of());
    subscribers.deliver(user.id(), emitter, List.of(ready));
    subscribers.deliver(user.id(), emitter, feed.current(user.id()));
    return emitter;
  }
}
