package org.medirelay.ring;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a ring is. It starts {@code RINGING} (or {@code BUSY}, never rung) and ends once, in one of
 * the others:
 *
 * <pre>
 *            ┌─ patient accepts ──► ACCEPTED   (call:accept)
 *            ├─ patient declines ─► REJECTED   (call:reject)
 *  RINGING ──┼─ doctor cancels ───► CANCELLED  (call:cancel)
 *            └─ RING_TIMEOUT ─────► MISSED     (call:end, reason missed)
 *  BUSY: the patient was already in a call or being rung (call:busy)
 * </pre>
 */
enum RingState {
  RINGING("call:request"),
  ACCEPTED("call:accept"),
  REJECTED("call:reject"),
  CANCELLED("call:cancel"),
  MISSED("call:end"),
  BUSY("call:busy");

  private final String event;

  RingState(String event) {
    this.event = event;
  }

  /** The seeds' event that tells the dashboards of this state. */
  String event() {
    return event;
  }

  @JsonValue
  String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
