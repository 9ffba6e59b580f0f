package org.medirelay.assistant;

/**
 * Who the assistant talks to: their id (for their appointments) and name (to strip from text sent
 * outside).
 */
public record Patient(String id, String name) {}
