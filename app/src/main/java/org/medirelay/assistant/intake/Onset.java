package org.medirelay.assistant.intake;

import java.time.LocalDate;

/**
 * When the problem started, as the patient put it, and the date that works out to where the words
 * allow one ("3 days ago" on 22 November: 19 November). The patient's words are kept because "about
 * a week, maybe longer" says more than a date.
 *
 * @param described the patient's words
 * @param approximateStart the date it works out to, or null ("for years", "not sure")
 */
public record Onset(String described, LocalDate approximateStart) {}
