package org.medirelay.assistant.appointments;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medirelay.assistant.text.Phrases;

/**
 * Questions about the patient's own appointments ("when is my next appointment", "how do I join")
 * and their answers from the patient's real appointments, in the clinic's time zone (the clock's).
 */
public final class AppointmentQuestions {

  /** What the patient wants to know. */
  public enum Intent {
    NEXT_APPOINTMENT,
    HOW_TO_JOIN
  }

  private static final Phrases JOIN =
      Phrases.of(
          "how do i join",
          "how can i join",
          "how to join",
          "where do i join",
          "join my appointment",
          "join the call",
          "join my consultation",
          "join the consultation",
          "join link",
          "where is the link",
          "how do i get into the call",
          "how do i connect to my appointment");
  private static final Phrases NEXT =
      Phrases.of(
          "next appointment",
          "my appointment",
          "my appointments",
          "upcoming appointment",
          "when is my",
          "what time is my",
          "when do i see",
          "when am i seeing",
          "appointment time",
          "when is the appointment",
          "do i have an appointment",
          "have i got an appointment",
          "next consultation",
          "my consultation");
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' HH:mm", Locale.ENGLISH);

  private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

  private final Clock clock;

  public AppointmentQuestions(Clock clock) {
    this.clock = clock;
  }

  public Optional<Intent> intent(String message) {
    List<String> tokens = Phrases.stemmedTokens(message);
    if (!JOIN.find(tokens).isEmpty()) {
      return Optional.of(Intent.HOW_TO_JOIN);
    }
    return NEXT.find(tokens).isEmpty() ? Optional.empty() : Optional.of(Intent.NEXT_APPOINTMENT);
  }

  /**
   * The answer about the next appointment; for {@link Intent#HOW_TO_JOIN} the caller adds how
   * joining works.
   */
  public String answer(Intent intent, List<UpcomingAppointment> upcoming) {
    if (upcoming.isEmpty()) {
      return "You have no upcoming appointments in MediRelay. "
          + "You can book one after signing in, or contact the clinic.";
    }
    UpcomingAppointment next = upcoming.get(0);
    StringBuilder text =
        new StringBuilder("Your next appointment is ").append(describe(next)).append('.');
    if ("requested".equals(next.status())) {
      text.append(" The clinic has not confirmed it yet.");
    }
    if (intent == Intent.NEXT_APPOINTMENT && upcoming.size() > 1) {
      text.append(" After that:");
      upcoming.stream().skip(1).limit(4).forEach(a -> text.append("\n- ").append(describe(a)));
    }
    return text.toString();
  }

  private String describe(UpcomingAppointment appointment) {
    ZonedDateTime start = appointment.start().atZone(clock.getZone());
    String doctor = appointment.doctorName() == null ? "" : " with " + appointment.doctorName();
    return relativeDay(start)
        + WHEN.format(start)
        + " ("
        + zoneName(start)
        + ")"
        + doctor
        + soon(appointment);
  }

  /**
   * The clinic's time zone as people read it: its abbreviation at that time ("CET", "CEST", "UTC"),
   * with the region where the zone has one ("CET, Europe/Berlin"); never a bare "Etc/UTC".
   */
  private static String zoneName(ZonedDateTime time) {
    String abbreviation = ZONE.format(time);
    String id = time.getZone().getId();
    return id.contains("/") && !id.startsWith("Etc/")
        ? abbreviation + ", " + id.replace('_', ' ')
        : abbreviation;
  }

  private String relativeDay(ZonedDateTime start) {
    LocalDate today = LocalDate.now(clock);
    if (start.toLocalDate().equals(today)) {
      return "today, ";
    }
    return start.toLocalDate().equals(today.plusDays(1)) ? "tomorrow, " : "";
  }

  private String soon(UpcomingAppointment appointment) {
    Duration until = Duration.between(clock.instant(), appointment.start());
    if (until.isNegative() || "in-progress".equals(appointment.status())) {
      return ", and it has started: you can join now";
    }
    return until.toMinutes() <= 60 ? ", in " + Math.max(1, until.toMinutes()) + " minutes" : "";
  }
}
