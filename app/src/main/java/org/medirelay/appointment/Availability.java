package org.medirelay.appointment;

import java.time.Duration;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A window a doctor is available in, cut into slots of {@code slotMinutes}. Windows of one doctor
 * never overlap.
 */
@Document("availability")
@CompoundIndex(name = "doctor_start", def = "{'doctorId': 1, 'start': 1}")
record Availability(
    @Id String id,
    String doctorId,
    Instant start,
    Instant end,
    int slotMinutes,
    Instant createdAt) {

  Duration slotLength() {
    return Duration.ofMinutes(slotMinutes);
  }

  /** True when a slot of this window starts exactly at {@code slotStart}. */
  boolean hasSlotAt(Instant slotStart) {
    if (slotStart.isBefore(start) || slotStart.plus(slotLength()).isAfter(end)) {
      return false;
    }
    return Duration.between(start, slotStart).toSeconds() % slotLength().toSeconds() == 0;
  }
}
