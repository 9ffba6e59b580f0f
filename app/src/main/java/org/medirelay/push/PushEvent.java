package org.medirelay.push;

import java.util.Set;

/**
 * One event for the dashboards of some signed-in users: its SSE event name ({@code type}, such as
 * {@code call:request}) and its JSON {@code data}. {@code key} names what happened once: an
 * instance delivers each key once, however often its source reports it (sources report what changed
 * in an overlapping window, see {@link EventFeed}).
 */
public record PushEvent(String key, Set<String> userIds, String type, Object data) {

  public PushEvent {
    userIds = Set.copyOf(userIds);
  }
}
