package org.medirelay.appointment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where an appointment is in its life; the JSON names are the ones the API documents
 * ("in-progress", "no-show").
 */
public enum AppointmentStatus {
  REQUESTED("requested"),
  CONFIRMED("confirmed"),
  IN_PROGRESS("in-progress"),
  COMPLETED("completed"),
  CANCELLED("cancelled"),
  NO_SHOW("no-show");

  private final String json;

  AppointmentStatus(String json) {
    this.json = json;
  }

  @JsonValue
  public String json() {
    return json;
  }

  @JsonCreator
  public static AppointmentStatus fromJson(String value) {
    return Arrays.stream(values())
        .filter(status -> status.json.equalsIgnoreCase(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown status " + value));
  }

  /** Confirmed and not yet over: its video session may be opened and joined. */
  public boolean videoOpen() {
    return this == CONFIRMED || this == IN_PROGRESS;
  }

  /** Still ahead or under way: holds its slot and shows in "my upcoming appointments". */
  public boolean active() {
    return this == REQUESTED || this == CONFIRMED || this == IN_PROGRESS;
  }
}
