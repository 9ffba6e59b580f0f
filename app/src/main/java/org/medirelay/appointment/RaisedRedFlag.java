package org.medirelay.appointment;

import java.time.Instant;

/**
 * A red flag the consult assistant raised in this appointment's pre-visit conversation: the patient
 * was told to call the emergency number, and the doctor's dashboard shows it until the appointment
 * is over.
 *
 * @param presentation what the doctor reads ("chest pain that may be a heart attack")
 * @param at when the patient's message raised it
 */
public record RaisedRedFlag(String presentation, Instant at) {}
