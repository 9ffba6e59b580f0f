package org.medirelay.assistant.appointments;

import java.time.Instant;

/**
 * What the assistant tells a patient about one appointment.
 *
 * @param status as the appointment tier names it ("requested", "confirmed", "in-progress")
 */
public record UpcomingAppointment(String id, Instant start, String doctorName, String status) {}
