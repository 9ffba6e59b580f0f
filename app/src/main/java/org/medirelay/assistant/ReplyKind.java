package org.medirelay.assistant;

/** What a reply is, for the page (an emergency is shown differently) and for tests. */
public enum ReplyKind {
  EMERGENCY,
  REFUSAL,
  INTAKE,
  APPOINTMENTS,
  HELP,
  UNKNOWN,
  GREETING
}
