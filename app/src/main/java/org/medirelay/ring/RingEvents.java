package org.medirelay.ring;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.medirelay.push.EventSource;
import org.medirelay.push.PushEvent;
import org.springframework.stereotype.Component;

/**
 * Rings as the dashboards hear of them: each state is the seeds' event of {@link RingState} with
 * the ring as its data, to its doctor and its patient; busy only to the doctor (the patient is not
 * rung). Every instance's feed asks at each tick, which also ends the overdue rings.
 */
@Component
class RingEvents implements EventSource {

  private final Rings rings;

  RingEvents(Rings rings) {
    this.rings = rings;
  }

  @Override
  public List<PushEvent> changedSince(Instant since) {
    rings.expireOverdue();
    return rings.changedSince(since).stream().map(RingEvents::event).toList();
  }

  @Override
  public List<PushEvent> current(String userId) {
    rings.expireOverdue();
    return rings.ringingFor(userId).stream().map(RingEvents::event).toList();
  }

  private static PushEvent event(Ring ring) {
    Set<String> to =
        ring.state() == RingState.BUSY
            ? Set.of(ring.doctorId())
            : Set.of(ring.doctorId(), ring.patientId());
    return new PushEvent(
        "ring:" + ring.id() + ":" + ring.state().json(),
        to,
        ring.state().event(),
        RingView.of(ring));
  }
}
