package org.medirelay.appointment;

import java.time.Instant;

/**
 * Who cancelled an appointment and when, so that both dashboards keep showing it as cancelled
 * instead of dropping it without a word.
 *
 * @param by the side that cancelled: {@code doctor}, {@code patient} or {@code admin} (the clinic)
 * @param name that person's name as their account had it then
 * @param at when it was cancelled
 */
public record Cancellation(String by, String name, Instant at) {}
